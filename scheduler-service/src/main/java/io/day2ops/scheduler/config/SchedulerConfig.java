package io.day2ops.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** scheduler-service settings ({@code day2.scheduler.*}). */
@ConfigMapping(prefix = "day2")
public interface SchedulerConfig {

    /** The scheduler. */
    Scheduler scheduler();

    /** Scheduler settings. */
    interface Scheduler {

        /** How often due schedules are looked for. */
        @WithDefault("1s")
        Duration tick();

        /**
         * With {@code catchUp: false}, how late a slot may still be fired; older ones are skipped. With
         * {@code catchUp: true} (the default) the latest missed slot always fires once.
         */
        @WithDefault("1m")
        Duration missedSlotGrace();

        /** How long a fired backup without an outcome holds its schedule back (Velero waits while InProgress). */
        @WithDefault("6h")
        Duration inProgressTimeout();

        /** The RPO watch. */
        Rpo rpo();

        /**
         * A JSON file with an array of schedules (the same body as {@code POST /schedules}) created at startup when
         * absent, e.g. the module's {@code daily-backup} and {@code pre-upgrade-check}.
         */
        Optional<String> seedFile();
    }

    /** RPO watch settings. */
    interface Rpo {

        /** How often every objective is checked; a breach is announced within one interval. */
        @WithDefault("30s")
        Duration checkInterval();

        /**
         * Cluster-wide objectives, cluster name to Go duration (e.g. {@code day2.scheduler.rpo.clusters.primary=26h}):
         * breached when no backup of the cluster, from any schedule or on demand, succeeded within it.
         */
        Map<String, String> clusters();
    }
}
