package io.day2ops.upgrade.service;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GoDuration;
import io.day2ops.events.RolloutCompleted;
import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.events.RolloutRequested;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.security.RequestPolicy;
import io.day2ops.upgrade.domain.Rollout;
import io.day2ops.upgrade.repository.RolloutRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts a rollout request in the consumer's transaction: a row and a rollout job; a request that cannot be run as
 * asked (a strategy that does not fit the kind, a bad duration) is stored and answered {@code Failed} at once, naming
 * what is wrong, without touching the cluster.
 */
@ApplicationScoped
public class RolloutRequests {

    private final JobQueue jobs;
    private final EventOutbox outbox;
    private final EventCodec codec;
    private final Clock clock;
    private final RolloutRepository rollouts;

    private final RequestPolicy policy;

    public RolloutRequests(
            JobQueue jobs,
            EventOutbox outbox,
            EventCodec codec,
            Clock clock,
            RolloutRepository rollouts,
            RequestPolicy policy) {
        this.policy = policy;
        this.jobs = jobs;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
        this.rollouts = rollouts;
    }

    public Uni<Void> accept(CloudEvent<RolloutRequested> event, Refusals refusals) {
        RolloutRequested data = event.data();
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        String refusal = policy.refusal(
                new RequestPolicy.Request(EventType.ROLLOUT_REQUESTED.ceType(), event.source(), event.time(), now),
                RequestPolicy.Action.ROLLOUT,
                data.cluster());
        if (refusal != null) {
            problems.add(refusal);
        } else {
            problems.addAll(problems(data));
        }
        Rollout rollout = new Rollout();
        rollout.name = data.name();
        rollout.cluster = data.cluster();
        rollout.namespace = data.namespace();
        rollout.kind = data.kind();
        rollout.workload = data.workload();
        rollout.strategy = data.strategy();
        rollout.request = codec.toJson(data);
        rollout.createdAt = now;
        rollout.requestedBy = event.source();
        rollout.requestedAt = event.time();
        if (!problems.isEmpty()) {
            rollout.outcome = Outcome.Failed.name();
            rollout.reason = String.join("; ", problems);
            rollout.completedAt = now;
        }
        return rollouts.insertIfAbsent(rollout).chain(inserted -> {
            if (!inserted) {
                refusals.refuse(event, Refusals.nameTaken("rollout", data.name(), event));
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
                                now,
                                null))
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
}
