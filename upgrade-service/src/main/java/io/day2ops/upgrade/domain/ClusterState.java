package io.day2ops.upgrade.domain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * What the gate reads from a cluster, once, for every check.
 *
 * @param serverVersion the API server's {@code gitVersion}
 * @param nodes every node
 * @param kubeSystemPods the pods of {@code kube-system} (control plane, DNS, CNI)
 * @param deployments every Deployment
 * @param statefulSets every StatefulSet
 * @param daemonSets every DaemonSet
 * @param disruptionBudgets every PodDisruptionBudget
 * @param claims every PersistentVolumeClaim
 * @param volumes every PersistentVolume
 * @param apiUses every use of a deprecated or removed apiVersion found live, in last-applied configurations, in
 *     managedFields and in Helm releases
 * @param apiScan what the removed-API scan looked at, for the report
 * @param apiServerDeprecations what the API server says: deprecated APIs requested, deprecated CRD versions
 */
public record ClusterState(
        String serverVersion,
        List<Node> nodes,
        List<Pod> kubeSystemPods,
        List<Deployment> deployments,
        List<StatefulSet> statefulSets,
        List<DaemonSet> daemonSets,
        List<PodDisruptionBudget> disruptionBudgets,
        List<PersistentVolumeClaim> claims,
        List<PersistentVolume> volumes,
        List<ApiUse> apiUses,
        String apiScan,
        ApiServerDeprecations apiServerDeprecations) {

    /** A state without the API server's own view of deprecations ({@link ApiServerDeprecations#NOT_READ}). */
    public ClusterState(
            String serverVersion,
            List<Node> nodes,
            List<Pod> kubeSystemPods,
            List<Deployment> deployments,
            List<StatefulSet> statefulSets,
            List<DaemonSet> daemonSets,
            List<PodDisruptionBudget> disruptionBudgets,
            List<PersistentVolumeClaim> claims,
            List<PersistentVolume> volumes,
            List<ApiUse> apiUses,
            String apiScan) {
        this(
                serverVersion,
                nodes,
                kubeSystemPods,
                deployments,
                statefulSets,
                daemonSets,
                disruptionBudgets,
                claims,
                volumes,
                apiUses,
                apiScan,
                ApiServerDeprecations.NOT_READ);
    }
}
