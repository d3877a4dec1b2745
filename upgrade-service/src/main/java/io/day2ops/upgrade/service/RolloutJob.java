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
import io.day2ops.foundation.jobs.JobOutcome;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.domain.RolloutResult;
import io.day2ops.upgrade.k8s.PartitionRollout;
import io.day2ops.upgrade.k8s.SurgeRollout;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
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

    private final Pool pool;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final UpgradeConfig.Upgrade config;

    public RolloutJob(
            Pool pool,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            UpgradeConfig config) {
        this.pool = pool;
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
        return pool.preparedQuery("SELECT previous_template, previous_partition FROM rollout WHERE name = $1")
                .execute(Tuple.of(request.name()))
                .chain(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    String stored = row == null ? null : row.getString("previous_template");
                    if (stored != null) {
                        return Uni.createFrom().item(new Previous(stored, row.getInteger("previous_partition")));
                    }
                    return VertxContexts.blocking(() -> capture(request))
                            .call(previous -> previous == null
                                    ? Uni.createFrom().voidItem()
                                    : pool.preparedQuery("UPDATE rollout SET previous_template = $2,"
                                                    + " previous_partition = $3, started_at = $4 WHERE name = $1"
                                                    + " AND previous_template IS NULL")
                                            .execute(Tuple.from(Arrays.asList(
                                                    request.name(),
                                                    previous.template(),
                                                    previous.partition(),
                                                    at(startedAt)))));
                })
                .chain(previous -> previous == null
                        ? complete(
                                job,
                                request,
                                failed(request.kind() + " " + request.namespace() + "/" + request.workload()
                                        + " does not exist in cluster '" + request.cluster() + "'"),
                                startedAt)
                        : VertxContexts.blocking(() -> roll(request, previous))
                                .chain(result -> complete(job, request, result, startedAt)));
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

    private RolloutResult roll(RolloutRequested request, Previous previous) throws Exception {
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
        if (request == null) {
            return pool.withTransaction(connection ->
                    jobs.finishAll(connection, List.of(new JobOutcome(job, JobPhase.Failed, result.reason()))));
        }
        RolloutCompleted event = result.event(
                request.name(), request.cluster(), request.namespace(), request.kind(), request.workload(), startedAt);
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
        return pool.withTransaction(connection -> connection
                .preparedQuery("UPDATE rollout SET outcome = $2, reason = $3, steps = $4, completed_at = $5,"
                        + " started_at = COALESCE(started_at, $6) WHERE name = $1")
                .execute(Tuple.from(Arrays.asList(
                        request.name(),
                        result.outcome().name(),
                        result.reason(),
                        steps,
                        at(clock.instant()),
                        at(event.startedAt()))))
                .chain(() -> outbox.publishAll(connection, List.of(event)))
                .chain(() -> jobs.finishAll(
                        connection,
                        List.of(new JobOutcome(
                                job,
                                result.outcome() == Outcome.Succeeded ? JobPhase.Completed : JobPhase.Failed,
                                result.outcome().name())))));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
