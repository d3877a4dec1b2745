package io.day2ops.upgrade.domain.checks;

import io.day2ops.foundation.clusters.EtcdHealth;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.DeprecatedApis;
import io.day2ops.upgrade.domain.KnownBackup;
import io.day2ops.upgrade.domain.KubernetesVersion;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything a {@link GateCheck} may look at: the request, the cluster's state read once, and the facts gathered
 * beside it. Checks never read the cluster themselves.
 *
 * @param cluster the logical cluster the upgrade is for
 * @param targetVersion the version asked for, as written in the request
 * @param target {@code targetVersion} parsed
 * @param state what the gate read from the cluster
 * @param deprecatedApis the shipped data file of deprecated and removed APIs
 * @param latestBackup the newest Completed backup of the cluster, or null when none is known
 * @param maxBackupAge how old that backup may be
 * @param now when the gate runs
 * @param etcd the health of the cluster's etcd, or null when no endpoints are configured
 */
public record GateContext(
        String cluster,
        String targetVersion,
        KubernetesVersion target,
        ClusterState state,
        DeprecatedApis deprecatedApis,
        KnownBackup latestBackup,
        Duration maxBackupAge,
        Instant now,
        EtcdHealth etcd) {}
