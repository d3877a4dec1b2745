package io.day2ops.foundation.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings of service-foundation's outbox relay, inbox and job workers ({@code day2.*}). */
@ConfigMapping(prefix = "day2")
public interface FoundationConfig {

    /** This service's name: the CloudEvents {@code source} is {@code /day2ops/<service-name>}. */
    String serviceName();

    /** The outbox relay. */
    Outbox outbox();

    /** The job workers. */
    Jobs jobs();

    /** Which producers the facts on the bus are believed from. */
    Trust trust();

    /** What a request may do, whoever sent it. */
    Policy policy();

    /** How this service connects to the broker (beyond the standard {@code kafka.*} properties). */
    Bus bus();

    /** The bus connection's safety switch. */
    interface Bus {
        /**
         * Connect to the broker without TLS/SASL ({@code kafka.security.protocol} PLAINTEXT or SASL_PLAINTEXT): for a
         * broker on a network nobody else reaches. Refused unless set; logged at every start when used.
         */
        @WithDefault("false")
        boolean allowPlaintext();
    }

    /**
     * The policy every request is held to (see {@code RequestPolicy}): commands expire, protected clusters accept the
     * dangerous actions only from listed sources, and drills never touch system namespaces.
     */
    interface Policy {
        /**
         * How old a command's {@code ce_time} may be when it arrives; older ones are answered {@code Rejected: expired},
         * so a new consumer group or a restored database never replays last week's drains, restores or failovers.
         */
        @WithDefault("1h")
        Duration commandMaxAge();

        /** Per CloudEvents type, a max age other than {@link #commandMaxAge()}. */
        Map<String, Duration> commandMaxAges();

        /** Namespaces a drill or failover never restores into, maps onto or cleans up. */
        @WithDefault("kube-system,kube-public,kube-node-lease,default")
        List<String> systemNamespaces();

        /** Per cluster name, its policy; a cluster not listed is not protected. */
        Map<String, ClusterPolicy> clusters();
    }

    /** One cluster's policy: {@code day2.policy.clusters.<name>.*}. */
    interface ClusterPolicy {
        /**
         * A protected cluster refuses to be the target of restores with {@code existingResourcePolicy: update},
         * drills, failovers, drains and rollouts unless the request's {@code ce_source} is in that action's allow list.
         */
        @WithName("protected")
        @WithDefault("false")
        boolean isProtected();

        /**
         * Per action ({@code restore-update}, {@code drill}, {@code failover}, {@code drain}, {@code rollout}), the
         * {@code ce_source}s allowed to do it to this cluster although it is protected.
         */
        Map<String, List<String>> allow();
    }

    /**
     * Facts (an answer such as {@code SnapshotTaken}) are trusted only from the service that produces them: an event of
     * a type listed here whose {@code ce_source} is not listed for it, or that is dated in the future, goes to the
     * dead-letter topic with the reason instead of being acted on. Requests are not listed: who may ask is for the
     * broker's ACLs and the policy.
     */
    interface Trust {
        /** CloudEvents type to the sources allowed to publish it, e.g. {@code io.day2ops.backup.snapshot-taken.v1}. */
        Map<String, List<String>> producers();

        /** How far in the future a fact's {@code ce_time} or any of its timestamps may be (clock skew). */
        @WithDefault("5m")
        Duration maxClockSkew();
    }

    /** Outbox relay settings. */
    interface Outbox {
        /** Rows published per relay round. */
        @WithDefault("200")
        int batchSize();

        /** How often the relay looks for unsent rows when nobody woke it up. */
        @WithDefault("250ms")
        Duration pollInterval();

        /** Whether this instance runs the relay (one instance at a time publishes; the others wait their turn). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long one round waits for the broker's acknowledgements before counting the unacknowledged rows as failed
         * (tried again after their backoff): a round never holds its transaction for the producer's whole delivery
         * timeout.
         */
        @WithDefault("10s")
        Duration sendTimeout();

        /** The longest wait between two tries of a row whose send failed for a passing reason (doubling from 250 ms). */
        @WithDefault("1m")
        Duration maxBackoff();

        /**
         * How long a topic's {@code max.message.bytes}, read from the broker, is trusted before it is read again.
         * Rows over it are parked before they reach the producer.
         */
        @WithDefault("1m")
        Duration topicLimitsRefresh();
    }

    /** Pruning of the delivery tables. */
    Retention retention();

    /** How long sent outbox rows, inbox ids and ended jobs are kept. */
    interface Retention {
        /**
         * Rows older than this are deleted: outbox rows sent (or discarded) this long ago, inbox ids received this
         * long ago (keep it at least the topics' retention, 7 days by default, so a redelivery is still recognized),
         * jobs ended this long ago.
         */
        @WithDefault("168h")
        Duration period();

        /** How often the tables are pruned. */
        @WithDefault("1h")
        Duration interval();

        /** Rows deleted per statement (one short transaction each). */
        @WithDefault("1000")
        int batchSize();
    }

    /** Job worker settings. */
    interface Jobs {
        /** How often workers look for claimable jobs when nobody woke them up. */
        @WithDefault("250ms")
        Duration pollInterval();

        /**
         * A job whose worker has not heartbeated for this long is claimed again by another worker. The worker itself
         * stops writing for a job (fenced) once less than a third of its lease is left since its last successful
         * heartbeat, so keep {@code heartbeat-interval} well below a third of it.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often a running job's heartbeat is written; well below the lease. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /**
         * How often a running job's progress (stage, items done and expected, rate) is stored where the API reads it,
         * and how soon a worker sees a request to cancel its job.
         */
        @WithDefault("1s")
        Duration progressInterval();

        /** Claims after which a job that keeps losing its worker is given up as failed. */
        @WithDefault("3")
        int maxAttempts();

        /** Jobs one instance runs at once, per job kind. */
        @WithDefault("16")
        int concurrency();

        /**
         * Extra jobs claimed per round, beyond the free slots, for handlers that settle jobs in batches
         * ({@code JobHandler.settles()}): the ones settled at once never take a slot; the others go back to the queue.
         */
        @WithDefault("128")
        int settleBatch();

        /** Whether this instance runs job workers at all. */
        @WithDefault("true")
        boolean enabled();

        /**
         * On shutdown (SIGTERM), how long running jobs may take to finish before they are handed back to the queue
         * for another replica (at once, not after a lease timeout, and not counted as an attempt). Keep it below the
         * pod's terminationGracePeriodSeconds (30 in k8s/).
         */
        @WithDefault("15s")
        Duration shutdownGrace();

        /**
         * How long a job may run before it is failed with "exceeded its deadline" (its failure event published) and
         * its writes are fenced off, so a hung job cannot hold its name and a worker slot forever.
         */
        @WithDefault("6h")
        Duration deadline();

        /** Per job kind ({@code backup}, {@code restore}, {@code drill}, ...), a deadline other than {@code deadline}. */
        Map<String, Duration> deadlines();

        /**
         * A job that reports its progress (backups do) and goes this long without advancing is failed with "stuck in
         * &lt;stage&gt;", its work cancelled and its writes fenced. Checked at every heartbeat.
         */
        @WithDefault("15m")
        Duration stuckAfter();
    }
}
