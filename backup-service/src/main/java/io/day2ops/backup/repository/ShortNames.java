package io.day2ops.backup.repository;

import java.util.Locale;
import java.util.Map;

/** kubectl's short names for the kinds people look up most, as the catalogue's {@code kind} accepts them. */
final class ShortNames {

    private static final Map<String, String> RESOURCES = Map.ofEntries(
            Map.entry("deploy", "deployments"),
            Map.entry("sts", "statefulsets"),
            Map.entry("ds", "daemonsets"),
            Map.entry("rs", "replicasets"),
            Map.entry("svc", "services"),
            Map.entry("cm", "configmaps"),
            Map.entry("secret", "secrets"),
            Map.entry("sa", "serviceaccounts"),
            Map.entry("pvc", "persistentvolumeclaims"),
            Map.entry("pv", "persistentvolumes"),
            Map.entry("ns", "namespaces"),
            Map.entry("ing", "ingresses"),
            Map.entry("cj", "cronjobs"),
            Map.entry("hpa", "horizontalpodautoscalers"),
            Map.entry("pdb", "poddisruptionbudgets"),
            Map.entry("po", "pods"),
            Map.entry("pod", "pods"),
            Map.entry("crd", "customresourcedefinitions"));

    private ShortNames() {}

    /** The resource {@code kind} names: a short name's resource, else {@code kind} lower-cased. */
    static String resource(String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        return RESOURCES.getOrDefault(lower, lower);
    }
}
