package io.day2ops.backup.restore;

import java.util.Comparator;
import java.util.List;

/**
 * The order resources are restored in, Velero's: what others depend on first (CRDs, Namespaces, storage, then Secrets,
 * ConfigMaps, ServiceAccounts and RBAC), everything else by name, workloads last so that what they mount and run as
 * already exists when their pods start.
 */
public final class RestoreOrder {

    static final List<String> FIRST = List.of(
            "customresourcedefinitions.apiextensions.k8s.io",
            "namespaces",
            "storageclasses.storage.k8s.io",
            "volumesnapshotclasses.snapshot.storage.k8s.io",
            "volumesnapshotcontents.snapshot.storage.k8s.io",
            "volumesnapshots.snapshot.storage.k8s.io",
            "persistentvolumes",
            "persistentvolumeclaims",
            "secrets",
            "configmaps",
            "serviceaccounts",
            "limitranges",
            "resourcequotas",
            "roles.rbac.authorization.k8s.io",
            "rolebindings.rbac.authorization.k8s.io",
            "clusterroles.rbac.authorization.k8s.io",
            "clusterrolebindings.rbac.authorization.k8s.io",
            "priorityclasses.scheduling.k8s.io",
            "networkpolicies.networking.k8s.io",
            "services");

    static final List<String> LAST = List.of(
            "pods",
            "replicasets.apps",
            "statefulsets.apps",
            "deployments.apps",
            "daemonsets.apps",
            "jobs.batch",
            "cronjobs.batch",
            "horizontalpodautoscalers.autoscaling");

    /** Orders Velero resource names ({@code deployments.apps}). */
    public static final Comparator<String> COMPARATOR =
            Comparator.comparingInt(RestoreOrder::rank).thenComparing(Comparator.naturalOrder());

    private RestoreOrder() {}

    static int rank(String resource) {
        int first = FIRST.indexOf(resource);
        if (first >= 0) {
            return first;
        }
        int last = LAST.indexOf(resource);
        return last >= 0 ? 1000 + last : 500;
    }
}
