package io.day2ops.events;

import java.util.List;
import java.util.Map;

/**
 * Asks dr-service to rehearse a recovery: restore a backup into a target cluster, verify it and measure RTO/RPO.
 *
 * @param name the drill's name, a DNS-1123 subdomain
 * @param cluster the source cluster whose backup is restored
 * @param targetCluster the cluster to restore into (a standby, or the source itself with mapped namespaces)
 * @param backupName the backup to restore, or {@code latest} for the newest Completed one of the source cluster
 * @param namespaceMapping source namespace to target namespace
 * @param rtoObjective the recovery time objective, as a Go duration
 * @param rpoObjective the recovery point objective, as a Go duration
 * @param verify workloads to verify as {@code <kind>/<namespace>/<name>}; empty means every restored workload
 * @param cleanup whether to delete what the drill restored once it is measured
 * @param timeout how long the whole drill may take before it completes as failed, as a Go duration
 * @param schedule the schedule that fired this drill, absent for an on-demand one
 * @param httpChecks URLs that must answer a 2xx to a GET once the target is restored (e.g. the restored app's
 *     ingress), checked with the rest of the verification
 * @param drainSource the module's DR test ({@code test-dr.sh}): first simulate losing the source by draining all its
 *     nodes through upgrade-service (PDBs honoured; the nodes stay cordoned), then restore and verify
 */
public record DrillRequested(
        String name,
        String cluster,
        String targetCluster,
        String backupName,
        Map<String, String> namespaceMapping,
        String rtoObjective,
        String rpoObjective,
        List<String> verify,
        Boolean cleanup,
        String timeout,
        String schedule,
        Boolean drainSource,
        List<String> httpChecks)
        implements Day2Event {

    public DrillRequested {
        namespaceMapping = namespaceMapping == null ? Map.of() : Map.copyOf(namespaceMapping);
        verify = verify == null ? List.of() : List.copyOf(verify);
        httpChecks = httpChecks == null ? List.of() : List.copyOf(httpChecks);
    }

    @Override
    public String subject() {
        return name;
    }
}
