package io.day2ops.backup.domain;

import java.util.List;

/**
 * One API resource a cluster serves, as discovery lists it (the preferred version of its group).
 *
 * @param group the API group, empty for the core group
 * @param version the served (preferred) version
 * @param plural the resource name, e.g. {@code deployments}
 * @param kind the kind, e.g. {@code Deployment}
 * @param namespaced whether objects live in namespaces
 * @param shortNames e.g. {@code deploy}
 * @param verbs what the resource supports
 */
public record ApiResource(
        String group,
        String version,
        String plural,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        List<String> verbs) {

    public ApiResource {
        shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
        verbs = verbs == null ? List.of() : List.copyOf(verbs);
    }

    /** Velero's name for it: {@code deployments.apps}, or {@code pods} for the core group. */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The API path of its collection, in one namespace or (null) across all / cluster-scoped. */
    public String collectionPath(String namespace) {
        String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespace == null ? base + "/" + plural : base + "/namespaces/" + namespace + "/" + plural;
    }

    /** Whether {@code name} (from a request's resource list) means this resource. */
    public boolean isNamed(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.equals(plural)
                || lower.equals(groupResource())
                || lower.equals(kind.toLowerCase(java.util.Locale.ROOT))
                || (!group.isEmpty() && lower.equals(kind.toLowerCase(java.util.Locale.ROOT) + "." + group))
                || shortNames.contains(lower);
    }
}
