package io.day2ops.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Predicate;

/**
 * Which fields a test resource fills. Compares annotation and field types by name: the test class and the resource
 * may have been loaded by different class loaders of Quarkus' test runtime.
 */
final class FieldInjection {

    private FieldInjection() {}

    /** Fields annotated {@code annotation} whose type is {@code type}. */
    static Predicate<Field> annotated(Class<? extends Annotation> annotation, Class<?> type) {
        return field -> find(field, annotation) != null && isType(field, type);
    }

    /** Fields annotated {@code annotation} with {@code value()} equal to {@code value}, whose type is {@code type}. */
    static Predicate<Field> annotatedWithValue(Class<? extends Annotation> annotation, String value, Class<?> type) {
        return field -> {
            Annotation found = find(field, annotation);
            return found != null && value.equals(valueOf(found)) && isType(field, type);
        };
    }

    private static Annotation find(Field field, Class<? extends Annotation> annotation) {
        for (Annotation candidate : field.getAnnotations()) {
            if (candidate.annotationType().getName().equals(annotation.getName())) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isType(Field field, Class<?> type) {
        return field.getType().getName().equals(type.getName());
    }

    private static Object valueOf(Annotation annotation) {
        try {
            Method value = annotation.annotationType().getMethod("value");
            return value.invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read value() of " + annotation, e);
        }
    }
}
