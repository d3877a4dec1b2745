package io.day2ops.upgrade;

import io.day2ops.foundation.clusters.EtcdHealth;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.DeprecatedApis;
import io.day2ops.upgrade.domain.KnownBackup;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.checks.GateContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Gate contexts for checks' unit tests: cluster "primary", target 1.31, the shipped API data, a 24h backup bound. */
public final class GateContexts {

    public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final DeprecatedApis DATA = DeprecatedApis.load();

    private GateContexts() {}

    /** A context over {@code state} with no known backup and no etcd configured. */
    public static GateContext of(ClusterState state) {
        return with(state, null, null);
    }

    public static GateContext with(ClusterState state, KnownBackup backup, EtcdHealth etcd) {
        return new GateContext(
                "primary",
                "1.31",
                KubernetesVersion.parse("1.31"),
                state,
                DATA,
                backup,
                Duration.ofHours(24),
                NOW,
                etcd);
    }

    /** An empty cluster at {@code version}. */
    public static ClusterState emptyState(String version) {
        return new ClusterState(
                version, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), "test");
    }
}
