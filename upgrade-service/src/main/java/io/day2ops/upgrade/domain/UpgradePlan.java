package io.day2ops.upgrade.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The path from a cluster's version to a target more than one minor away, as kubeadm walks it (it refuses to skip a
 * minor): one hop per minor, each with the API versions that hop stops serving and the objects of this cluster that
 * still use them, so each hop's migrations are done before it.
 *
 * @param from the cluster's version
 * @param to the target
 * @param hops the single-minor steps, in order; empty when the target is not ahead
 * @param note what the plan cannot say (a major version change, removals beyond the data's last release); or null
 */
public record UpgradePlan(String from, String to, List<Hop> hops, String note) {

    /**
     * One single-minor step.
     *
     * @param step its number, from 1
     * @param from the version before it
     * @param to the version after it
     * @param removals the API versions it stops serving
     */
    public record Hop(int step, String from, String to, List<Removal> removals) {

        /** Whether an object of this cluster still uses an API this hop removes. */
        public boolean blocked() {
            return removals.stream().anyMatch(r -> !r.usedBy().isEmpty());
        }
    }

    /**
     * An API version a hop removes.
     *
     * @param apiVersion e.g. {@code flowcontrol.apiserver.k8s.io/v1beta3}
     * @param kind e.g. {@code FlowSchema}
     * @param replacement the apiVersion to migrate to, or null
     * @param usedBy the objects that still use it, {@code Kind namespace/name (where it was seen)}
     */
    public record Removal(String apiVersion, String kind, String replacement, List<String> usedBy) {}

    public static UpgradePlan of(
            KubernetesVersion current, KubernetesVersion target, DeprecatedApis data, List<ApiUse> uses) {
        if (current.major() != target.major()) {
            return new UpgradePlan(
                    current.toString(),
                    target.toString(),
                    List.of(),
                    "a major version change is not an in-place upgrade; build a new cluster and restore into it");
        }
        List<Hop> hops = new ArrayList<>();
        for (int minor = current.minor() + 1; minor <= target.minor(); minor++) {
            KubernetesVersion to = new KubernetesVersion(current.major(), minor);
            List<Removal> removals = new ArrayList<>();
            for (DeprecatedApis.Entry entry : data.entries()) {
                if (entry.removedIn() == null || entry.removedIn().compareTo(to) != 0) {
                    continue;
                }
                List<String> usedBy = uses.stream()
                        .filter(u -> u.apiVersion().equals(entry.apiVersion())
                                && u.kind().equals(entry.kind()))
                        .map(u -> u.kind() + " "
                                + (u.object().namespace() == null
                                        ? ""
                                        : u.object().namespace() + "/")
                                + u.object().name() + " (" + u.source() + ")")
                        .distinct()
                        .toList();
                removals.add(new Removal(entry.apiVersion(), entry.kind(), entry.replacement(), usedBy));
            }
            hops.add(new Hop(
                    hops.size() + 1,
                    new KubernetesVersion(current.major(), minor - 1).toString(),
                    to.toString(),
                    removals));
        }
        String note = target.compareTo(data.knownThrough()) > 0
                ? "removals after " + data.knownThrough() + " are not in the shipped data yet"
                : null;
        return new UpgradePlan(current.toString(), target.toString(), hops, note);
    }
}
