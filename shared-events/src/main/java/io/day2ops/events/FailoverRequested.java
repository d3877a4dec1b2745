package io.day2ops.events;

import java.util.Map;

/**
 * Fail a cluster over to its standby: restore the newest Completed backup (or a named one) into the standby, verify it
 * and measure RTO and RPO — a drill that keeps what it restored. Sent by people (manual) or by dr-service itself when
 * the cluster's API failed its health probe too many times in a row (opt-in, {@code day2.failover.auto.*}).
 *
 * @param name the failover's name, a DNS-1123 subdomain
 * @param cluster the cluster that failed
 * @param targetCluster the standby to fail over to
 * @param backupName the backup to restore, or {@code latest} (default) for the newest Completed one of the cluster
 * @param namespaceMapping source namespace to standby namespace; empty restores under the same names
 * @param automatic whether dr-service decided it from failed health probes
 * @param reason why, for people reading the topic: who asked, or the probes that failed
 */
public record FailoverRequested(
        String name,
        String cluster,
        String targetCluster,
        String backupName,
        Map<String, String> namespaceMapping,
        Boolean automatic,
        String reason)
        implements Day2Event {

    public FailoverRequested {
        namespaceMapping = namespaceMapping == null ? Map.of() : Map.copyOf(namespaceMapping);
    }

    @Override
    public String subject() {
        return name;
    }
}
