package io.day2ops.events;

import java.util.List;

/**
 * Asks upgrade-service whether a cluster may be upgraded to a Kubernetes version, and (unless {@code gateOnly}) to
 * go on with it: after GO, a pre-upgrade backup ({@code <name>-pre-upgrade}, waited for), then the {@code drainNodes}
 * drained in order, then {@code UpgradeReady} for the external upgrader (kubeadm, eksctl, Cluster API); after the
 * upgrade, {@code UpgradeVerifyRequested} checks it. NO-GO stops before any backup.
 *
 * @param name the request's name, a DNS-1123 subdomain
 * @param cluster the cluster to check
 * @param targetVersion the Kubernetes version to upgrade to, e.g. {@code 1.31} or {@code v1.31.2}; {@code next}: the
 *     minor after the cluster's, resolved when the gate reads the cluster (the answers carry the resolved one)
 * @param gateOnly only run the gate and report (the module's daily pre-upgrade check)
 * @param maxBackupAge how fresh the newest completed backup must be, as a Go duration; absent means the service's
 *     default
 * @param schedule the schedule that fired this request, absent for an on-demand one
 * @param drainNodes unless {@code gateOnly}: nodes to drain, in this order, after the pre-upgrade backup and before
 *     {@code UpgradeReady} (left cordoned for the upgrader; a passed verification uncordons them); absent drains none
 * @param waivers failing checks accepted for this upgrade, each with its reason: reported {@code WAIVED}
 */
public record UpgradeRequested(
        String name,
        String cluster,
        String targetVersion,
        Boolean gateOnly,
        String maxBackupAge,
        String schedule,
        List<String> drainNodes,
        List<GateWaiver> waivers)
        implements Day2Event {

    /** A request without nodes to drain. */
    public UpgradeRequested(
            String name, String cluster, String targetVersion, Boolean gateOnly, String maxBackupAge, String schedule) {
        this(name, cluster, targetVersion, gateOnly, maxBackupAge, schedule, null, null);
    }

    public UpgradeRequested {
        drainNodes = drainNodes == null ? List.of() : List.copyOf(drainNodes);
        waivers = waivers == null ? List.of() : List.copyOf(waivers);
    }

    @Override
    public String subject() {
        return name;
    }
}
