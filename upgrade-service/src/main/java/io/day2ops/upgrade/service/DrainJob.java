package io.day2ops.upgrade.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.DrainCompleted;
import io.day2ops.events.DrainCompleted.Outcome;
import io.day2ops.events.DrainRequested;
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
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.k8s.NodeDrainer;
import io.day2ops.upgrade.repository.DrainRepository;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drains: {@code DrainRequested} is accepted as a row and a job ({@link DrainRequests}); this job drains node by
 * node ({@link NodeDrainer}) and answers {@code DrainCompleted}, stored with each node's result.
 */
@ApplicationScoped
public class DrainJob implements JobHandler {

    public static final String KIND = "drain";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final DrainRepository drains;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final UpgradeConfig.Upgrade config;
    private final io.day2ops.foundation.jobs.JobRunner workers;
    private final UpgradeLoop loop;

    public DrainJob(
            DrainRepository drains,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            UpgradeConfig config,
            io.day2ops.foundation.jobs.JobRunner workers,
            UpgradeLoop loop) {
        this.loop = loop;
        this.workers = workers;
        this.drains = drains;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.config = config.upgrade();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        DrainRequested request;
        try {
            request = codec.parse(EventType.DRAIN_REQUESTED, job.payload());
        } catch (InvalidEventException e) {
            return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Failed, "request no longer parses"));
        }
        Instant startedAt = clock.instant();
        if (!clusters.isConfigured(request.cluster())) {
            return complete(
                    job,
                    request,
                    new NodeDrainer.Result(
                            Outcome.Failed, clusters.unknownClusterMessage(request.cluster()), List.of()),
                    startedAt);
        }
        if (Boolean.TRUE.equals(request.dryRun())) {
            return VertxContexts.blocking(() -> io.day2ops.upgrade.k8s.DrainPrediction.read(
                            clusters.client(request.cluster()).orElseThrow(),
                            request.nodes(),
                            Boolean.TRUE.equals(request.uncordon()),
                            Boolean.TRUE.equals(request.force())))
                    .onFailure(KubernetesClientException.class)
                    .recoverWithItem(e -> new io.day2ops.upgrade.k8s.DrainPrediction.Result(
                            false,
                            "the API server of cluster '" + request.cluster() + "' failed: " + e.getMessage(),
                            List.of()))
                    .chain(prediction -> predicted(job, request, prediction, startedAt));
        }
        Duration timeout = request.timeout() == null ? config.drainTimeout() : GoDuration.parse(request.timeout());
        io.day2ops.foundation.jobs.JobProgress progress = workers.progress(job);
        return VertxContexts.blocking(
                        () -> new NodeDrainer(clusters.client(request.cluster()).orElseThrow(), clock, progress)
                                .abortWhen(workers.cancelRequest(job))
                                .run(new NodeDrainer.Plan(
                                        request.nodes(),
                                        Boolean.TRUE.equals(request.uncordon()),
                                        timeout,
                                        Boolean.TRUE.equals(request.force()),
                                        config.evictionRetry())))
                .onFailure(KubernetesClientException.class)
                .recoverWithItem(e -> new NodeDrainer.Result(
                        Outcome.Failed,
                        "the API server of cluster '" + request.cluster() + "' failed: " + e.getMessage(),
                        List.of()))
                .chain(result -> complete(job, request, result, startedAt));
    }

    /** A dry run's answer: what the drain would end in, and why, per node; nothing was touched. */
    private Uni<Void> predicted(
            ClaimedJob job,
            DrainRequested request,
            io.day2ops.upgrade.k8s.DrainPrediction.Result prediction,
            Instant startedAt) {
        Outcome outcome = prediction.drainable() ? Outcome.Drained : Outcome.Failed;
        DrainCompleted event = new DrainCompleted(
                request.name(),
                request.cluster(),
                outcome,
                prediction.reason(),
                List.of(),
                startedAt,
                clock.instant(),
                null,
                null,
                true,
                prediction.nodes());
        Log.infof(
                "drain %s of cluster %s (dry run): would be %s%s",
                request.name(),
                request.cluster(),
                outcome,
                prediction.reason() == null ? "" : " (" + prediction.reason() + ")");
        return Panache.withTransaction(() -> drains.findByName(request.name())
                .invoke(drain -> {
                    drain.outcome = outcome.name();
                    drain.reason = prediction.reason();
                    try { // a dry run keeps its predictions where a drain keeps its nodes' results
                        drain.nodes = JSON.writeValueAsString(event.predictions());
                    } catch (JsonProcessingException e) {
                        drain.nodes = "[]";
                    }
                    drain.completedAt = event.completedAt();
                })
                .chain(() -> outbox.publish(event))
                .chain(() -> jobs.finish(job, JobPhase.Completed, "dry run: " + outcome.name())));
    }

    /** A drain cancelled while it runs stops before its next node or round of evictions, then ends itself. */
    @Override
    public boolean stopsItself() {
        return true;
    }

    /** A drain cancelled before it started: nothing was cordoned. */
    @Override
    public Uni<Void> cancel(ClaimedJob job, String requestedBy) {
        try {
            DrainRequested request = codec.parse(EventType.DRAIN_REQUESTED, job.payload());
            return complete(
                    job,
                    request,
                    new NodeDrainer.Result(
                            Outcome.Failed,
                            io.day2ops.foundation.jobs.JobHandler.cancelReason(requestedBy)
                                    + " before it started; nothing was cordoned",
                            List.of()),
                    clock.instant(),
                    requestedBy);
        } catch (InvalidEventException e) {
            return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Cancelled, e.getMessage()));
        }
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        try {
            DrainRequested request = codec.parse(EventType.DRAIN_REQUESTED, job.payload());
            return complete(
                    job,
                    request,
                    new NodeDrainer.Result(
                            Outcome.Failed, reason + "; nodes may be left cordoned: check them", List.of()),
                    clock.instant());
        } catch (InvalidEventException e) {
            return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Failed, reason));
        }
    }

    private Uni<Void> complete(ClaimedJob job, DrainRequested request, NodeDrainer.Result result, Instant startedAt) {
        // a cancel heard after the last node drained changed nothing: the drain is Drained
        String cancelledBy = result.outcome() == Outcome.Drained
                ? null
                : workers.cancelRequest(job).get();
        return complete(job, request, result, startedAt, cancelledBy);
    }

    private Uni<Void> complete(
            ClaimedJob job, DrainRequested request, NodeDrainer.Result result, Instant startedAt, String cancelledBy) {
        DrainCompleted event = new DrainCompleted(
                request.name(),
                request.cluster(),
                result.outcome(),
                result.reason(),
                result.nodes(),
                startedAt,
                clock.instant(),
                null,
                cancelledBy);
        JobPhase phase = cancelledBy != null
                ? JobPhase.Cancelled
                : result.outcome() == Outcome.Drained ? JobPhase.Completed : JobPhase.Failed;
        String nodes;
        try {
            nodes = JSON.writeValueAsString(event.nodes());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Log.infof(
                "drain %s of cluster %s: %s%s",
                request.name(),
                request.cluster(),
                result.outcome(),
                result.reason() == null ? "" : " (" + result.reason() + ")");
        return Panache.withTransaction(() -> drains.findByName(request.name())
                .invoke(drain -> {
                    drain.outcome = result.outcome().name();
                    drain.reason = result.reason();
                    drain.nodes = nodes;
                    drain.completedAt = event.completedAt();
                })
                .chain(() -> outbox.publish(event))
                .chain(() -> loop.drained(request.name(), event))
                .chain(() -> jobs.finish(job, phase, result.outcome().name())));
    }
}
