package io.day2ops.events;

import java.util.regex.Pattern;

/** The Kubernetes naming rules the contracts hold names to. */
public final class Names {

    /** A DNS-1123 label: cluster names, namespaces. At most 63 characters. */
    public static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** A DNS-1123 subdomain: backup, restore, drill and other object names. At most 253 characters. */
    public static final String DNS1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL);
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);

    private Names() {}

    /** Whether {@code name} is a DNS-1123 label. */
    public static boolean isDns1123Label(String name) {
        return name != null && name.length() <= 63 && LABEL.matcher(name).matches();
    }

    /** Why {@code name} is not a DNS-1123 subdomain, for error messages; null when it is one. */
    public static String subdomainProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is required";
        }
        if (name.length() > 253) {
            return "must be at most 253 characters";
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            return "'" + name + "' is not a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and"
                    + " ending with a letter or digit";
        }
        return null;
    }
}
