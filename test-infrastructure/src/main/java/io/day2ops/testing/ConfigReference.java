package io.day2ops.testing;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every property a {@code @ConfigMapping} interface declares, with its environment variable and default, so a test can
 * hold the configuration reference ({@code docs/configuration.md}) to the code: a property added without a row there
 * fails the build.
 */
public final class ConfigReference {

    /** One property: {@code day2.clusters.<name>.url}, {@code DAY2_CLUSTERS_<NAME>_URL}, its default or null. */
    public record Property(String name, String environmentVariable, String defaultValue) {}

    private ConfigReference() {}

    /** The properties of {@code mapping} under {@code prefix} (its {@code @ConfigMapping} prefix). */
    public static List<Property> of(Class<?> mapping, String prefix) {
        List<Property> properties = new ArrayList<>();
        walk(mapping, prefix, properties);
        properties.sort(Comparator.comparing(Property::name));
        return properties;
    }

    /** The rows of the reference that do not name {@code property} and its variable in one table row. */
    public static List<Property> missingFrom(Path reference, List<Property> properties) {
        List<String> rows;
        try {
            rows = Files.readAllLines(reference).stream()
                    .filter(line -> line.startsWith("|"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stream()
                .filter(p -> rows.stream()
                        .noneMatch(row -> row.contains("`" + p.name() + "`")
                                && row.contains("`" + p.environmentVariable() + "`")))
                .toList();
    }

    /**
     * Fails naming the rows to add when a property of {@code mappings} (all {@code @ConfigMapping(prefix = "day2")})
     * has no row, with its environment variable, in the repository's configuration reference.
     */
    public static void assertDocumented(Class<?>... mappings) {
        List<Property> properties = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            io.smallrye.config.ConfigMapping declared = mapping.getAnnotation(io.smallrye.config.ConfigMapping.class);
            properties.addAll(of(mapping, declared == null ? "day2" : declared.prefix()));
        }
        List<Property> missing = missingFrom(reference(), properties);
        if (!missing.isEmpty()) {
            StringBuilder rows = new StringBuilder("rows to add to docs/configuration.md:");
            missing.forEach(p -> rows.append("\n| `")
                    .append(p.name())
                    .append("` | `")
                    .append(p.environmentVariable())
                    .append("` | ")
                    .append(p.defaultValue() == null ? "—" : "`" + p.defaultValue() + "`")
                    .append(" | |"));
            throw new AssertionError(rows.toString());
        }
    }

    /** The repository's configuration reference, from a module's working directory. */
    public static Path reference() {
        return Path.of("..", "docs", "configuration.md");
    }

    private static void walk(Class<?> type, String prefix, List<Property> into) {
        Arrays.stream(type.getMethods())
                .filter(m -> m.getParameterCount() == 0 && !m.isDefault() && m.getDeclaringClass() != Object.class)
                .sorted(Comparator.comparing(Method::getName))
                .forEach(method -> {
                    String name =
                            method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name(method);
                    Type returned = method.getGenericReturnType();
                    Class<?> raw = method.getReturnType();
                    if (raw == Optional.class) {
                        returned = argument(returned, 0);
                        raw = rawType(returned);
                    }
                    if (raw == java.util.Map.class) {
                        Class<?> value = rawType(argument(returned, 1));
                        if (mapping(value)) {
                            walk(value, name + ".<name>", into);
                        } else {
                            into.add(property(name + ".<name>", null));
                        }
                    } else if (mapping(raw)) {
                        walk(raw, name, into);
                    } else {
                        WithDefault fallback = method.getAnnotation(WithDefault.class);
                        into.add(property(name, fallback == null ? null : fallback.value()));
                    }
                });
    }

    private static Property property(String name, String defaultValue) {
        StringBuilder variable = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (name.startsWith("<name>", i)) {
                variable.append("<NAME>");
                i += "<name>".length() - 1;
            } else {
                variable.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
            }
        }
        return new Property(name, variable.toString(), defaultValue);
    }

    private static boolean mapping(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static Class<?> rawType(Type type) {
        return type instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : (Class<?>) type;
    }

    private static String name(Method method) {
        WithName named = method.getAnnotation(WithName.class);
        if (named != null) {
            return named.value();
        }
        StringBuilder kebab = new StringBuilder();
        for (char c : method.getName().toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }
}
