package io.day2ops.dr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** dr-service settings ({@code day2.drill.*}). */
@ConfigMapping(prefix = "day2")
public interface DrConfig {

    /** Drills. */
    Drill drill();

    /** Failovers. */
    Failover failover();

    /** Failover settings. */
    interface Failover {

        /** Opt-in automatic failover, per cluster that may fail ({@code day2.failover.auto.<cluster>.*}). */
        Map<String, Auto> auto();

        /**
         * This replica's name among the observers whose probes decide an automatic failover by quorum; by default
         * {@code <hostname>/<pid>} (the pod name in Kubernetes).
         */
        Optional<String> observer();

        /**
         * The clusters a successful failover fences (opt-in): once the old primary answers again, the workloads the
         * failover restored elsewhere (Deployments and StatefulSets) are scaled to 0 there, their replicas recorded on
         * them and in the database so that a failback can undo it. Nothing else is touched.
         */
        Optional<List<String>> fenceClusters();

        /** How long a fence keeps trying to reach an old primary that does not answer before it is Failed. */
        @WithDefault("1h")
        Duration fenceTimeout();

        /** How often pending fences try to reach their old primary. */
        @WithDefault("5s")
        Duration fenceRetry();
    }

    /** Automatic failover of one cluster. */
    interface Auto {

        /** The standby to fail over to. */
        String target();

        /** Failed health probes in a row that trigger the failover. */
        @WithDefault("3")
        int afterFailures();

        /** How often the cluster's API is probed. */
        @WithDefault("10s")
        Duration probeInterval();

        /** After an automatic failover, how long before another one of the same cluster may be triggered. */
        @WithDefault("24h")
        Duration cooldown();

        /**
         * How many observers (dr-service replicas) must each see {@code after-failures} failed probes in a row; by
         * default a majority of those that reported within the last three probe intervals. Set it to the replica
         * count so that a replica whose peers are gone cannot decide alone.
         */
        java.util.OptionalInt quorum();

        /**
         * How long a replica that just started decides nothing (it still probes and reports): replicas started
         * together, some slower than others, must all have reported before any of them counts its peers. At least
         * three probe intervals and one probe timeout.
         */
        @WithDefault("1m")
        Duration settle();

        /** How long one probe may wait for an answer; no answer counts as a failed probe. */
        @WithDefault("5s")
        Duration probeTimeout();
    }

    /** Drill settings. */
    interface Drill {

        /** How long a drill may take when the request gives no {@code timeout}; then it completes as failed. */
        @WithDefault("30m")
        Duration defaultTimeout();

        /** How often verification reads the target cluster. */
        @WithDefault("250ms")
        Duration verifyPoll();

        /**
         * The hosts a drill's {@code httpChecks} may call ({@code api.example.com}, or {@code *.example.com} for its
         * subdomains). None by default: a drill asking for any other host fails with the reason, and no request is
         * made. Link-local and cloud metadata addresses are refused whatever this lists.
         */
        Optional<List<String>> httpCheckHosts();

        /**
         * Lets {@code httpChecks} reach loopback addresses (127.0.0.0/8, ::1) of allowed hosts: for local development
         * and tests only; logged loudly when on.
         */
        @WithDefault("false")
        boolean httpCheckAllowLoopback();

        /**
         * How long draining the source may take in the module's DR test ({@code drainSource}) before the drill goes on
         * to restore anyway: a PDB may rightly refuse to let the last replicas go.
         */
        @WithDefault("2m")
        Duration drainTimeout();

        /** How often drills waiting on backup-service are checked against their deadline. */
        @WithDefault("1s")
        Duration deadlineCheck();
    }
}
