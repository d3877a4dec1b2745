package io.day2ops.upgrade.service;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.GoDuration;
import io.day2ops.events.RolloutCompleted;
import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.events.RolloutRequested;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts a rollout request in the consumer's transaction: a row and a rollout job; a request that cannot be run as
 * asked (a strategy that does not fit the kind, a bad duration) is stored and answered {@code Failed} at once, naming
 * what is wrong, without touching the cluster.
 */
@ApplicationScoped
public class Rollouts {

    private final JobQueue jobs;
    private final EventOutbox outbox;
    private final EventCodec codec;
    private final Clock clock;

    public Rollouts(JobQueue jobs, EventOutbox outbox, EventCodec codec, Clock clock) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
    }

    public Uni<Void> accept(CloudEvent<RolloutRequested> event) {
        RolloutRequested data = event.data();
        Instant now = clock.instant();
        List<String> problems = problems(data);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO rollout (name, cluster, namespace, kind,"
                                + " workload, strategy, request, created_at, outcome, reason, completed_at) VALUES (?1,"
                                + " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (name) DO NOTHING")
                        .setParameter(1, data.name())
                        .setParameter(2, data.cluster())
                        .setParameter(3, data.namespace())
                        .setParameter(4, data.kind())
                        .setParameter(5, data.workload())
                        .setParameter(6, data.strategy())
                        .setParameter(7, codec.toJson(data))
                        .setParameter(8, at(now))
                        .setParameter(9, problems.isEmpty() ? null : Outcome.Failed.name())
                        .setParameter(10, problems.isEmpty() ? null : String.join("; ", problems))
                        .setParameter(11, problems.isEmpty() ? null : at(now))
                        .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        Log.warnf("rollout %s already exists; event %s ignored", data.name(), event.id());
                        return Uni.createFrom().voidItem();
                    }
                    if (!problems.isEmpty()) {
                        Log.warnf("rollout %s refused: %s", data.name(), problems);
                        return outbox.publish(new RolloutCompleted(
                                        data.name(),
                                        data.cluster(),
                                        data.namespace(),
                                        data.kind(),
                                        data.workload(),
                                        Outcome.Failed,
                                        String.join("; ", problems),
                                        List.of(),
                                        now,
                                        now))
                                .replaceWithVoid();
                    }
                    Log.infof(
                            "rollout %s of %s %s/%s in cluster %s to %s (%s) requested by %s",
                            data.name(),
                            data.kind(),
                            data.namespace(),
                            data.workload(),
                            data.cluster(),
                            data.image(),
                            data.strategy(),
                            event.source());
                    return jobs.enqueue(RolloutJob.KIND, data.name(), codec.toJson(data))
                            .replaceWithVoid();
                });
    }

    /** What makes a request impossible to run as asked, each named. */
    static List<String> problems(RolloutRequested request) {
        List<String> problems = new ArrayList<>();
        if ("surge".equals(request.strategy()) && !"Deployment".equals(request.kind())) {
            problems.add("strategy: surge rolls Deployments, not " + request.kind());
        }
        if ("partition".equals(request.strategy()) && !"StatefulSet".equals(request.kind())) {
            problems.add("strategy: partition rolls StatefulSets, not " + request.kind());
        }
        if ("partition".equals(request.strategy())
                && (request.maxSurge() != null || request.maxUnavailable() != null)) {
            problems.add("maxSurge/maxUnavailable: only for the surge strategy");
        }
        for (String[] duration : new String[][] {
            {"pauseBetweenSteps", request.pauseBetweenSteps()}, {"progressDeadline", request.progressDeadline()}
        }) {
            if (duration[1] != null) {
                try {
                    GoDuration.parse(duration[1]);
                } catch (IllegalArgumentException e) {
                    problems.add(duration[0] + ": " + e.getMessage());
                }
            }
        }
        for (String[] amount :
                new String[][] {{"maxSurge", request.maxSurge()}, {"maxUnavailable", request.maxUnavailable()}}) {
            if (amount[1] != null && !amount[1].matches("\\d+%?")) {
                problems.add(amount[0] + ": '" + amount[1] + "' is not a number or a percentage");
            }
        }
        return problems;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
