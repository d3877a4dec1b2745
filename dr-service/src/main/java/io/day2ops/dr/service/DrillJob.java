package io.day2ops.dr.service;

import io.day2ops.dr.config.DrConfig;
import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.domain.DrillVerdict;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.DrainRequested;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GoDuration;
import io.day2ops.events.InvalidEventException;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.foundation.security.RequestPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A drill's first stage: preflight (both clusters configured, the target's API answering), the backup resolved
 * ({@code latest} = the newest Completed one seen on {@code SnapshotTaken}), the RPO measured, and the restore asked of
 * backup-service with {@code RestoreRequested} — all in one transaction with the drill moving to {@code Restoring}. The
 * answer ({@code RestoreCompleted}) starts verification; a drill that cannot proceed completes as failed at once.
 */
@ApplicationScoped
public class DrillJob implements JobHandler {

    public static final String KIND = "drill";

    private final DrillRepository drills;
    private final ClusterConnections clusters;
    private final KnownBackups backups;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final DrillCompletion completion;
    private final DrillRestores restores;
    private final DrConfig.Drill config;
    private final RequestPolicy policy;

    public DrillJob(
            DrillRepository drills,
            ClusterConnections clusters,
            KnownBackups backups,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            DrillCompletion completion,
            DrillRestores restores,
            DrConfig config,
            RequestPolicy policy) {
        this.drills = drills;
        this.clusters = clusters;
        this.backups = backups;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.completion = completion;
        this.restores = restores;
        this.config = config.drill();
        this.policy = policy;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        Instant startedAt = clock.instant();
        DrillTimeline timeline = new DrillTimeline(clock);
        timeline.step("drill-started", "attempt " + job.attempts());
        return Panache.withSession(() -> drills.findByName(job.name())).chain(found -> {
            if (found == null) {
                return Panache.withTransaction(
                        () -> jobs.finish(job, JobPhase.Failed, "drill " + job.name() + " not found"));
            }
            if (found.phase != DrillPhase.New) {
                // a worker died after this stage committed: the drill has moved on already
                return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Completed, "already " + found.phase));
            }
            DrillRequested request;
            try {
                request = codec.parse(EventType.DRILL_REQUESTED, found.request);
            } catch (InvalidEventException e) {
                timeline.check("request", false, "the stored request no longer parses: " + e.getMessage());
                return Panache.withTransaction(() ->
                        drills.findByName(job.name()).chain(drill -> completion.complete(drill, timeline, null, job)));
            }
            return preflight(found, request, timeline)
                    .chain(() -> Panache.withTransaction(() -> drills.findByName(job.name())
                            .chain(drill -> {
                                drill.startedAt = startedAt;
                                if (!timeline.allChecksPassed()) {
                                    return completion.complete(drill, timeline, null, job);
                                }
                                return backups.resolve(drill.cluster, drill.backupName)
                                        .chain(backup -> backup == null
                                                ? completion.complete(
                                                        drill,
                                                        timeline.check("backup", false, missing(drill)),
                                                        null,
                                                        job)
                                                : requestRestore(job, drill, request, backup, timeline, startedAt));
                            })));
        });
    }

    private Uni<Void> requestRestore(
            ClaimedJob job,
            Drill drill,
            DrillRequested request,
            KnownBackups.KnownBackup backup,
            DrillTimeline timeline,
            Instant startedAt) {
        Duration timeout = request.timeout() == null ? config.defaultTimeout() : GoDuration.parse(request.timeout());
        drill.backupName = backup.name();
        drill.backupDataAt = backup.dataTimestamp();
        drill.rpoMeasuredMillis =
                DrillVerdict.rpo(backup.dataTimestamp(), startedAt).toMillis();
        drill.deadlineAt = startedAt.plus(timeout);
        drill.restoreName = restoreName(drill.name);
        timeline.check(
                "backup", true, backup.name() + " (" + backup.phase() + ", data from " + backup.dataTimestamp() + ")");
        if (Boolean.TRUE.equals(request.drainSource())) {
            drill.moveTo(DrillPhase.Draining);
            timeline.step(
                    "drain-requested",
                    "the module's DR test: draining every node of " + drill.cluster + " through upgrade-service");
            drill.timeline = timeline.json();
            Log.infof("drill %s: draining %s first (the module's DR test)", drill.name, drill.cluster);
            return outbox.publish(new DrainRequested(
                            drill.restoreName,
                            drill.cluster,
                            List.of(),
                            false,
                            GoDuration.format(config.drainTimeout()),
                            true))
                    .chain(() -> jobs.finish(job, JobPhase.Completed, "drain " + drill.restoreName + " requested"));
        }
        return restores.request(drill, request, timeline)
                .chain(() -> jobs.finish(job, JobPhase.Completed, "restore " + drill.restoreName + " requested"));
    }

    /** A cancelled drill job completes its drill as cancelled (unless the drill ended meanwhile). */
    @Override
    public Uni<Void> cancel(ClaimedJob job, String requestedBy) {
        return Panache.withTransaction(() -> drills.findByName(job.name())
                .chain(drill -> drill == null || drill.phase == io.day2ops.dr.domain.DrillPhase.Completed
                        ? jobs.finish(
                                job,
                                JobPhase.Cancelled,
                                io.day2ops.foundation.jobs.JobHandler.cancelReason(requestedBy))
                        : completion.cancel(drill, requestedBy, job)));
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        DrillTimeline timeline = new DrillTimeline(clock).check("drill-run", false, reason);
        return Panache.withTransaction(() -> drills.findByName(job.name())
                .chain(drill -> drill == null
                        ? jobs.finish(job, JobPhase.Failed, reason)
                        : completion.complete(drill, timeline, null, job)));
    }

    private Uni<Void> preflight(Drill drill, DrillRequested request, DrillTimeline timeline) {
        String refusal = policy.refusal(
                new RequestPolicy.Request(
                        (drill.isFailover() ? EventType.FAILOVER_REQUESTED : EventType.DRILL_REQUESTED).ceType(),
                        drill.requestedBy,
                        drill.requestedAt,
                        drill.createdAt),
                drill.isFailover() ? RequestPolicy.Action.FAILOVER : RequestPolicy.Action.DRILL,
                drill.targetCluster);
        if (refusal != null) {
            timeline.check("policy", false, refusal);
            return Uni.createFrom().voidItem();
        }
        String namespaces = namespaceProblem(drill, request);
        if (namespaces != null) {
            timeline.check("target-namespaces", false, namespaces);
            return Uni.createFrom().voidItem();
        }
        if (!drill.isFailover()) {
            // a failover's source is gone by definition; a drill's must be known
            boolean sourceKnown = clusters.isConfigured(drill.cluster);
            timeline.check(
                    "source-cluster-configured",
                    sourceKnown,
                    sourceKnown
                            ? "cluster '" + drill.cluster + "' is configured"
                            : clusters.unknownClusterMessage(drill.cluster));
        }
        if (!clusters.isConfigured(drill.targetCluster)) {
            timeline.check("target-cluster-reachable", false, clusters.unknownClusterMessage(drill.targetCluster));
            return Uni.createFrom().voidItem();
        }
        return VertxContexts.blocking(() -> {
                    String version = clusters.serverVersion(drill.targetCluster);
                    timeline.check("target-cluster-reachable", true, "API server answers, version " + version);
                    // a failback restores over the namespaces its failover took from this cluster, by design
                    String foreign = drill.failbackOf != null ? null : foreignNamespaces(drill, request);
                    return foreign == null ? timeline : timeline.check("target-namespaces", false, foreign);
                })
                .onFailure()
                .recoverWithItem(failure -> timeline.check(
                        "target-cluster-reachable",
                        false,
                        "the API server of cluster '" + drill.targetCluster + "' did not answer: "
                                + rootCause(failure)))
                .invoke(() -> timeline.step("preflight-checked", null))
                .replaceWithVoid();
    }

    /**
     * Why the drill's namespace mapping could touch what is not the drill's, or null: a drill into its own source
     * cluster must map every namespace to a new name; no namespace is mapped onto a system namespace.
     */
    private String namespaceProblem(Drill drill, DrillRequested request) {
        Map<String, String> mapping = request.namespaceMapping();
        for (Map.Entry<String, String> entry : new TreeMap<>(mapping).entrySet()) {
            if (policy.isSystemNamespace(entry.getValue())) {
                return "Rejected: namespaceMapping maps " + entry.getKey() + " onto system namespace "
                        + entry.getValue() + "; a drill never restores into " + policy.systemNamespaces()
                        + " (day2.policy.system-namespaces)";
            }
        }
        if (!drill.cluster.equals(drill.targetCluster)) {
            return null;
        }
        if (mapping.isEmpty()) {
            return "Rejected: the target cluster is the source cluster '" + drill.cluster + "': a drill into its own"
                    + " source needs a namespaceMapping to new namespaces, it never restores over the originals";
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(mapping).entrySet()) {
            if (entry.getKey().equals(entry.getValue())) {
                return "Rejected: namespaceMapping maps " + entry.getKey() + " onto itself in the source cluster '"
                        + drill.cluster + "'; map it to a new namespace";
            }
        }
        return null;
    }

    /**
     * Which mapped target namespaces exist already without this drill's mark (blocking), or null: a drill never
     * restores into a namespace it did not create. backup-service checks it again before applying anything.
     */
    private String foreignNamespaces(Drill drill, DrillRequested request) {
        KubernetesClient client = clusters.client(drill.targetCluster).orElseThrow();
        List<String> foreign = new ArrayList<>();
        for (String namespace : new TreeSet<>(request.namespaceMapping().values())) {
            Namespace existing = client.namespaces().withName(namespace).get();
            if (existing != null && !drill.name.equals(mark(existing))) {
                foreign.add(namespace);
            }
        }
        return foreign.isEmpty()
                ? null
                : "Rejected: namespaces " + foreign + " already exist in cluster '" + drill.targetCluster
                        + "' and were not created by this drill (no annotation " + RequestPolicy.DRILL_MARK + "="
                        + drill.name + "); a drill never restores into a namespace it did not create";
    }

    /** The drill whose restore created {@code namespace}, or null. */
    static String mark(Namespace namespace) {
        Map<String, String> annotations = namespace.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RequestPolicy.DRILL_MARK);
    }

    /** The innermost cause's message: fabric8 wraps "Connection refused" in "An error has occurred.". */
    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == failure ? message : failure.getMessage() + " (" + message + ")";
    }

    private static String missing(Drill drill) {
        return drill.backupName == null || drill.backupName.equals("latest")
                ? "no Completed backup of cluster '" + drill.cluster + "' is known (none seen on SnapshotTaken)"
                : "backup '" + drill.backupName + "' is not known (no SnapshotTaken seen for it)";
    }

    /** The restore's name: {@code drill-<drill>}, shortened with a hash when that would be too long. */
    static String restoreName(String drill) {
        String name = "drill-" + drill;
        if (name.length() <= 253) {
            return name;
        }
        return name.substring(0, 244) + "-" + Integer.toHexString(drill.hashCode());
    }
}
