package io.day2ops.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in API resources a sandbox serves, as a Kubernetes 1.30 API server lists them in discovery: what
 * {@code kubectl} needs to resolve {@code deploy}, {@code pdb} or {@code po}, and what a discovery-based backup walks.
 * Custom resources come from the CustomResourceDefinitions stored in the sandbox.
 */
final class ApiResources {

    /** One resource in an {@code APIResourceList}. */
    record Resource(
            String group,
            String version,
            String plural,
            String singular,
            String kind,
            boolean namespaced,
            List<String> shortNames,
            List<String> subresources) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private static final List<Resource> BUILT_IN = new ArrayList<>();

    static {
        core("namespaces", "Namespace", false, List.of("ns"), "status");
        core("pods", "Pod", true, List.of("po"), "status", "eviction", "log", "exec");
        core("services", "Service", true, List.of("svc"), "status");
        core("endpoints", "Endpoints", true, List.of("ep"));
        core("configmaps", "ConfigMap", true, List.of("cm"));
        core("secrets", "Secret", true, List.of());
        core("serviceaccounts", "ServiceAccount", true, List.of("sa"));
        core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), "status");
        core("persistentvolumes", "PersistentVolume", false, List.of("pv"), "status");
        core("nodes", "Node", false, List.of("no"), "status");
        core("events", "Event", true, List.of("ev"));
        core("limitranges", "LimitRange", true, List.of("limits"));
        core("resourcequotas", "ResourceQuota", true, List.of("quota"), "status");
        core("replicationcontrollers", "ReplicationController", true, List.of("rc"), "status", "scale");
        add("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), "status", "scale");
        add("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), "status", "scale");
        add("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), "status", "scale");
        add("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), "status");
        add("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of());
        add("batch", "v1", "jobs", "Job", true, List.of(), "status");
        add("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), "status");
        add("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), "status");
        add("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"), "status");
        add("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing"), "status");
        add("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"));
        add("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, List.of());
        add("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, List.of());
        add("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of());
        add("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of());
        add("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of());
        add("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of());
        add("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, List.of("sc"));
        add("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false, List.of());
        add("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false, List.of(), "status");
        add("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, List.of("pc"));
        add("coordination.k8s.io", "v1", "leases", "Lease", true, List.of());
        add(
                "apiextensions.k8s.io",
                "v1",
                "customresourcedefinitions",
                "CustomResourceDefinition",
                false,
                List.of("crd", "crds"),
                "status");
        add(
                "admissionregistration.k8s.io",
                "v1",
                "validatingwebhookconfigurations",
                "ValidatingWebhookConfiguration",
                false,
                List.of());
        add(
                "admissionregistration.k8s.io",
                "v1",
                "mutatingwebhookconfigurations",
                "MutatingWebhookConfiguration",
                false,
                List.of());
        add(
                "admissionregistration.k8s.io",
                "v1",
                "validatingadmissionpolicies",
                "ValidatingAdmissionPolicy",
                false,
                List.of(),
                "status");
        add(
                "admissionregistration.k8s.io",
                "v1",
                "validatingadmissionpolicybindings",
                "ValidatingAdmissionPolicyBinding",
                false,
                List.of());
    }

    private ApiResources() {}

    static List<Resource> builtIn() {
        return BUILT_IN;
    }

    /** Group name to its versions, in the order served (the first is the preferred one). */
    static Map<String, List<String>> groups(List<Resource> resources) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Resource resource : resources) {
            if (resource.group().isEmpty()) {
                continue;
            }
            List<String> versions = groups.computeIfAbsent(resource.group(), g -> new ArrayList<>());
            if (!versions.contains(resource.version())) {
                versions.add(resource.version());
            }
        }
        return groups;
    }

    private static void core(String plural, String kind, boolean namespaced, List<String> shortNames, String... sub) {
        add("", "v1", plural, kind, namespaced, shortNames, sub);
    }

    private static void add(
            String group,
            String version,
            String plural,
            String kind,
            boolean namespaced,
            List<String> shortNames,
            String... subresources) {
        BUILT_IN.add(new Resource(
                group,
                version,
                plural,
                kind.toLowerCase(java.util.Locale.ROOT),
                kind,
                namespaced,
                shortNames,
                List.of(subresources)));
    }
}
