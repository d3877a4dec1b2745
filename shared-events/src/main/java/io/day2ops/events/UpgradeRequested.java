package io.day2ops.events;

/**
 * Asks upgrade-service whether a cluster may be upgraded to a Kubernetes version, and (unless {@code gateOnly}) to
 * go on with it.
 *
 * @param name the request's name, a DNS-1123 subdomain
 * @param cluster the cluster to check
 * @param targetVersion the Kubernetes version to upgrade to, e.g. {@code 1.31} or {@code v1.31.2}
 * @param gateOnly only run the gate and report (the module's daily pre-upgrade check)
 * @param maxBackupAge how fresh the newest completed backup must be, as a Go duration; absent means the service's
 *     default
 * @param schedule the schedule that fired this request, absent for an on-demand one
 */
public record UpgradeRequested(
        String name, String cluster, String targetVersion, Boolean gateOnly, String maxBackupAge, String schedule)
        implements Day2Event {

    @Override
    public String subject() {
        return name;
    }
}
