package io.day2ops.upgrade.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GoDuration;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.RolloutCompleted;
import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.events.RolloutRequested;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.domain.RolloutResult;
import io.day2ops.upgrade.k8s.PartitionRollout;
import io.day2ops.upgrade.k8s.SurgeRollout;
import io.day2ops.upgrade.repository.RolloutRepository;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs a rollout to its end and answers {@code RolloutCompleted}. Before the first change the workload's current
 * template (and partition) is stored with the rollout, so that a rollout taken over by another worker after a crash
 * still rolls back to what ran before it. The rollout itself runs on a worker thread ({@link SurgeRollout},
 * {@link PartitionRollout}); the outcome, the event and the job's end commit in one transaction.
 */
@ApplicationScoped
public class RolloutJob implements JobHandler {

    public static final String KIND = "rollout";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final RolloutRepository rollouts;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final UpgradeConfig.Upgrade config;
    private final io.day2ops.foundation.jobs.JobRunner workers;

    public RolloutJob(
            RolloutRepository rollouts,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            UpgradeConfig config,
            io.day2ops.foundation.jobs.JobRunner workers) {
        this.workers = workers;
        this.rollouts = rollouts;
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

    /** The workload as it was before the rollout changed it. */
    private record Previous(String template, Integer partition) {}

    @Override
    public Uni<Void> run(ClaimedJob job) {
        RolloutRequested request;
        try {
            request = codec.parse(EventType.ROLLOUT_REQUESTED, job.payload());
        } catch (InvalidEventException e) {
            return complete(
                    job, null, failed("the stored request no longer parses: " + e.getMessage()), clock.instant());
        }
        Instant startedAt = clock.instant();
        if (!clusters.isConfigured(request.cluster())) {
            return complete(job, request, failed(clusters.unknownClusterMessage(request.cluster())), startedAt);
        }
        return Panache.withSession(() -> rollouts.findByName(request.name()))
                .chain(rollout -> {
                    if (rollout != null && rollout.previousTemplate != null) {
                        return Uni.createFrom().item(new Previous(rollout.previousTemplate, rollout.previousPartition));
                    }
                    return VertxContexts.blocking(() -> capture(request))
                            .call(previous -> previous == null
                                    ? Uni.createFrom().voidItem()
                                    : Panache.withTransaction(() -> rollouts.findByName(request.name())
                                            .invoke(stored -> {
                                                if (stored != null && stored.previousTemplate == null) {
                                                    stored.previousTemplate = previous.template();
                                                    stored.previousPartition = previous.partition();
                                                    stored.startedAt = startedAt;
                                                }
                                            })));
                })
                .chain(previous -> previous == null
                        ? complete(
                                job,
                                request,
                                failed(request.kind() + " " + request.namespace() + "/" + request.workload()
                                        + " does not exist in cluster '" + request.cluster() + "'"),
                                startedAt)
                        : VertxContexts.blocking(() -> roll(request, previous, workers.cancelRequest(job)))
                                .chain(result -> complete(job, request, result, startedAt)));
    }

    /** A rollout cancelled while it runs rolls back first (Argo Rollouts' abort), then ends itself. */
    @Override
    public boolean stopsItself() {
        return true;
    }

    /** A rollout cancelled before it started: nothing was changed. */
    @Override
    public Uni<Void> cancel(ClaimedJob job, String requestedBy) {
        RolloutRequested request;
        try {
            request = codec.parse(EventType.ROLLOUT_REQUESTED, job.payload());
        } catch (InvalidEventException e) {
            request = null;
        }
        return complete(
                job,
                request,
                failed(io.day2ops.foundation.jobs.JobHandler.cancelReason(requestedBy)
                        + " before it started; the workload was not changed"),
                clock.instant(),
                requestedBy);
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        RolloutRequested request;
        try {
            request = codec.parse(EventType.ROLLOUT_REQUESTED, job.payload());
        } catch (InvalidEventException e) {
            request = null;
        }
        return complete(job, request, failed(reason + "; the workload may be mid-rollout: check it"), clock.instant());
    }

    /** Reads the workload's template (and partition) before anything changes; null when it does not exist. */
    private Previous capture(RolloutRequested request) throws JsonProcessingException {
        KubernetesClient client = clusters.client(request.cluster()).orElseThrow();
        if ("StatefulSet".equals(request.kind())) {
            StatefulSet set = client.apps()
                    .statefulSets()
                    .inNamespace(request.namespace())
                    .withName(request.workload())
                    .get();
            if (set == null) {
                return null;
            }
            var strategy = set.getSpec().getUpdateStrategy();
            Integer partition = strategy == null || strategy.getRollingUpdate() == null
                    ? null
                    : strategy.getRollingUpdate().getPartition();
            return new Previous(
                    JSON.writeValueAsString(set.getSpec().getTemplate()), partition == null ? 0 : partition);
        }
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(request.namespace())
                .withName(request.workload())
                .get();
        return deployment == null
                ? null
                : new Previous(JSON.writeValueAsString(deployment.getSpec().getTemplate()), null);
    }

    private RolloutResult roll(
            RolloutRequested request, Previous previous, java.util.function.Supplier<String> cancelledBy)
            throws Exception {
        KubernetesClient client = clusters.client(request.cluster()).orElseThrow();
        PodTemplateSpec template = JSON.readValue(previous.template(), PodTemplateSpec.class);
        Duration deadline = request.progressDeadline() == null
                ? config.rolloutDeadline()
                : GoDuration.parse(request.progressDeadline());
        try {
            if ("StatefulSet".equals(request.kind())) {
                StatefulSet set = client.apps()
                        .statefulSets()
                        .inNamespace(request.namespace())
                        .withName(request.workload())
                        .get();
                int replicas = set == null || set.getSpec().getReplicas() == null
                        ? 1
                        : set.getSpec().getReplicas();
                List<Integer> steps = PartitionRollout.steps(request.partitionSteps(), replicas);
                if (steps == null) {
                    return failed("partitionSteps " + request.partitionSteps() + " must descend from at most "
                            + replicas + " to 0");
                }
                return new PartitionRollout(client, clock)
                        .abortWhen(cancelledBy)
                        .run(new PartitionRollout.Plan(
                                request.namespace(),
                                request.workload(),
                                request.container(),
                                request.image(),
                                steps,
                                request.pauseBetweenSteps() == null
                                        ? Duration.ZERO
                                        : GoDuration.parse(request.pauseBetweenSteps()),
                                template,
                                previous.partition() == null ? 0 : previous.partition(),
                                deadline,
                                config.rolloutPoll()));
            }
            return new SurgeRollout(client, clock)
                    .abortWhen(cancelledBy)
                    .run(new SurgeRollout.Plan(
                            request.namespace(),
                            request.workload(),
                            request.container(),
                            request.image(),
                            request.maxSurge(),
                            request.maxUnavailable(),
                            template,
                            deadline,
                            config.rolloutPoll()));
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage());
        }
    }

    private RolloutResult failed(String reason) {
        return new RolloutResult(clock).finish(Outcome.Failed, reason);
    }

    private Uni<Void> complete(ClaimedJob job, RolloutRequested request, RolloutResult result, Instant startedAt) {
        // a cancel heard after the rollout succeeded changed nothing
        String cancelledBy = result.outcome() == Outcome.Succeeded
                ? null
                : workers.cancelRequest(job).get();
        return complete(job, request, result, startedAt, cancelledBy);
    }

    private Uni<Void> complete(
            ClaimedJob job, RolloutRequested request, RolloutResult result, Instant startedAt, String cancelledBy) {
        JobPhase phase = cancelledBy != null
                ? JobPhase.Cancelled
                : result.outcome() == Outcome.Succeeded ? JobPhase.Completed : JobPhase.Failed;
        if (request == null) {
            return Panache.withTransaction(() -> jobs.finish(job, phase, result.reason()));
        }
        RolloutCompleted event = result.event(
                request.name(),
                request.cluster(),
                request.namespace(),
                request.kind(),
                request.workload(),
                startedAt,
                cancelledBy);
        String steps;
        try {
            steps = JSON.writeValueAsString(event.steps());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Log.infof(
                "rollout %s of %s %s/%s: %s%s",
                request.name(),
                request.kind(),
                request.namespace(),
                request.workload(),
                result.outcome(),
                result.reason() == null ? "" : " (" + result.reason() + ")");
        return Panache.withTransaction(() -> rollouts.findByName(request.name())
                .invoke(rollout -> {
                    rollout.outcome = result.outcome().name();
                    rollout.reason = result.reason();
                    rollout.steps = steps;
                    rollout.completedAt = clock.instant();
                    if (rollout.startedAt == null) {
                        rollout.startedAt = event.startedAt();
                    }
                })
                .chain(() -> outbox.publish(event))
                .chain(() -> jobs.finish(job, phase, result.outcome().name())));
    }
}
