package io.day2ops.upgrade.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** upgrade-service settings ({@code day2.upgrade.*}). */
@ConfigMapping(prefix = "day2")
public interface UpgradeConfig {

    /** The upgrade gate. */
    Upgrade upgrade();

    /** Gate settings. */
    interface Upgrade {

        /**
         * How fresh the newest Completed backup of the cluster must be for the gate to pass, when the request does not
         * say ({@code UpgradeRequested.maxBackupAge}).
         */
        @WithDefault("24h")
        Duration maxBackupAge();

        /**
         * How long an upgrade that is not gate-only may wait for its pre-upgrade backup, and then for its drain,
         * before it ends {@code Failed} ({@code UpgradeReady} phase Failed, naming what it waited for).
         */
        @WithDefault("1h")
        Duration loopTimeout();

        /** How often upgrades waiting for their backup or drain are checked against {@link #loopTimeout()}. */
        @WithDefault("30s")
        Duration loopCheckInterval();

        /** How long reading a cluster's state for the gate may take before the gate fails closed. */
        @WithDefault("2m")
        Duration readTimeout();

        /** How long a rollout step (and a rollback) may take when the request gives no {@code progressDeadline}. */
        @WithDefault("10m")
        Duration rolloutDeadline();

        /** How often a rollout reads the workload's progress. */
        @WithDefault("250ms")
        Duration rolloutPoll();

        /** How long one node's drain may take when the request gives no {@code timeout}. */
        @WithDefault("5m")
        Duration drainTimeout();

        /** How long to wait before evicting pods a PodDisruptionBudget refused again ({@code kubectl drain}: 5s). */
        @WithDefault("1s")
        Duration evictionRetry();

        /**
         * Whether the gate reads deployed Helm releases' manifests. Helm keeps them in Secrets (owner=helm), so this
         * is the one reason upgrade-service would read Secrets; {@code k8s/} turns it off unless the
         * helm-release-scan component is added.
         */
        @WithDefault("true")
        boolean helmReleases();
    }
}
