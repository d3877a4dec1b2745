package io.day2ops.foundation.security;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.List;

/** The roles an endpoint declares, read as the security check reads them: the method's annotation, else its class's. */
public final class RequiredRoles {

    private RequiredRoles() {}

    /** The roles of {@code method} (any one of them suffices); empty when it is open or declares nothing. */
    public static List<String> of(Method method) {
        if (method == null) {
            return List.of();
        }
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        if (onMethod != null) {
            return List.of(onMethod.value());
        }
        if (method.isAnnotationPresent(PermitAll.class)) {
            return List.of();
        }
        RolesAllowed onClass = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        return onClass == null ? List.of() : List.of(onClass.value());
    }

    /** "role operator" or "one of the roles viewer, admin", for answers and logs. */
    public static String describe(List<String> roles) {
        if (roles.isEmpty()) {
            return "an authenticated caller";
        }
        return roles.size() == 1 ? "role " + roles.get(0) : "one of the roles " + String.join(", ", roles);
    }
}
