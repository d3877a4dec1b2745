package io.day2ops.upgrade.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.UpgradeVerified;
import io.day2ops.events.UpgradeVerifyRequested;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.UpgradeRequest;
import io.day2ops.upgrade.domain.checks.GateCheck;
import io.day2ops.upgrade.domain.checks.GateContext;
import io.day2ops.upgrade.domain.checks.UpgradeOutcomeChecks;
import io.day2ops.upgrade.k8s.ClusterStateReader;
import io.day2ops.upgrade.repository.UpgradeRequestRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code UpgradeVerifyRequested} → {@code UpgradeVerified}: after the upgrader ran, reads the cluster once and checks
 * that the control plane and every kubelet reached the target minor, and that no gate check fails now that did not
 * fail at the gate (workloads available, nodes ready, kube-system healthy, …). A passed verification uncordons the
 * nodes the upgrade drained (unless {@code uncordon: false}) and moves it to {@code Verified}; a failed one leaves it
 * {@code Ready}, to be verified again once the upgrader finished.
 */
@ApplicationScoped
public class UpgradeVerification implements JobHandler {

    public static final String KIND = "upgrade-verify";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final UpgradeRequestRepository requests;
    private final ClusterConnections clusters;
    private final ClusterStateReader reader;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final List<GateCheck> checks;

    public UpgradeVerification(
            UpgradeRequestRepository requests,
            ClusterConnections clusters,
            ClusterStateReader reader,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            @All List<GateCheck> checks) {
        this.requests = requests;
        this.clusters = clusters;
        this.reader = reader;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.checks = checks.stream()
                .sorted(Comparator.comparingInt(GateCheck::order))
                .toList();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** What one verification read and did: the server's version, every check, the nodes it uncordoned. */
    private record Outcome(String serverVersion, List<GateCheckResult> results, List<String> uncordoned) {}

    /** Records the request as a job, in the consumer's transaction; one for an unknown upgrade is a dead letter. */
    public Uni<Void> accept(CloudEvent<UpgradeVerifyRequested> event, Refusals refusals) {
        UpgradeVerifyRequested data = event.data();
        return requests.findByName(data.name()).chain(request -> {
            if (request == null || !request.cluster.equals(data.cluster())) {
                refusals.refuse(
                        event,
                        "no upgrade named '" + data.name() + "' of cluster '" + data.cluster()
                                + "': send UpgradeRequested first (its name is the one to verify)");
                return Uni.createFrom().voidItem();
            }
            Log.infof("verification of upgrade %s requested by %s", data.name(), event.source());
            return jobs.enqueue(KIND, "verify-" + event.id(), codec.toJson(data))
                    .replaceWithVoid();
        });
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        UpgradeVerifyRequested asked;
        try {
            asked = codec.parse(EventType.UPGRADE_VERIFY_REQUESTED, job.payload());
        } catch (InvalidEventException e) {
            return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Failed, "request no longer parses"));
        }
        return Panache.withSession(() -> requests.findByName(asked.name())).chain(request -> {
            if (request == null) {
                return Panache.withTransaction(
                        () -> jobs.finish(job, JobPhase.Failed, "upgrade " + asked.name() + " no longer exists"));
            }
            String notReady = notVerifiable(request);
            if (notReady != null) {
                return finish(
                        job,
                        request,
                        List.of(new GateCheckResult(
                                "upgrade-phase", Verdict.FAIL, null, notReady, "verify once UpgradeReady said Ready")),
                        null,
                        List.of());
            }
            KubernetesVersion target = KubernetesVersion.parse(request.targetVersion);
            List<String> drained = UpgradeLoop.nodes(request.drainedNodes);
            boolean uncordon = !Boolean.FALSE.equals(asked.uncordon());
            return VertxContexts.blocking(() -> {
                        KubernetesClient client =
                                clusters.client(request.cluster).orElseThrow();
                        ClusterState state = reader.read(client);
                        List<GateCheckResult> results = evaluate(request, target, state);
                        boolean passed = results.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
                        List<String> uncordoned = new ArrayList<>();
                        if (passed && uncordon) {
                            for (String node : drained) {
                                client.nodes().withName(node).edit(n -> {
                                    n.getSpec().setUnschedulable(false);
                                    return n;
                                });
                                uncordoned.add(node);
                            }
                        }
                        return new Outcome(state.serverVersion(), results, uncordoned);
                    })
                    .onFailure()
                    .recoverWithItem(failure -> new Outcome(
                            null,
                            List.of(new GateCheckResult(
                                    "cluster-reachable",
                                    Verdict.FAIL,
                                    null,
                                    "the state of cluster '" + request.cluster + "' could not be read: "
                                            + failure.getMessage(),
                                    "check the network path to the API server, then verify again")),
                            List.of()))
                    .chain(read -> finish(job, request, read.results(), read.serverVersion(), read.uncordoned()));
        });
    }

    /** A verification whose worker died too often answers failed, naming why: verify again. */
    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        UpgradeVerifyRequested asked;
        try {
            asked = codec.parse(EventType.UPGRADE_VERIFY_REQUESTED, job.payload());
        } catch (InvalidEventException e) {
            return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Failed, reason));
        }
        return Panache.withSession(() -> requests.findByName(asked.name()))
                .chain(request -> request == null
                        ? Panache.withTransaction(() -> jobs.finish(job, JobPhase.Failed, reason))
                        : finish(
                                job,
                                request,
                                List.of(new GateCheckResult(
                                        "verification-run", Verdict.FAIL, null, reason, "verify again")),
                                null,
                                List.of()));
    }

    /** Why this upgrade cannot be verified now, or null. */
    private static String notVerifiable(UpgradeRequest request) {
        if (request.phase == null) {
            return "Passed".equals(request.verdict)
                    ? null
                    : "upgrade " + request.name + " is gate-only and its gate "
                            + (request.verdict == null ? "has not run" : "said NO-GO");
        }
        if (UpgradeLoop.READY.equals(request.phase) || UpgradeLoop.VERIFIED.equals(request.phase)) {
            return null;
        }
        return "upgrade " + request.name + " is " + request.phase
                + (request.phaseReason == null ? "" : " (" + request.phaseReason + ")")
                + "; only a Ready upgrade is verified";
    }

    /** The version checks, then every gate check that fails now but did not fail at the gate. */
    private List<GateCheckResult> evaluate(UpgradeRequest request, KubernetesVersion target, ClusterState state) {
        List<GateCheckResult> results = new ArrayList<>(UpgradeOutcomeChecks.versions(state, target));
        GateContext context = new GateContext(
                request.cluster,
                request.targetVersion,
                target,
                state,
                reader.data(),
                null,
                null,
                clock.instant(),
                null);
        List<String> failedAtGate = failedAtGate(request);
        for (GateCheck check : checks) {
            if (!UpgradeOutcomeChecks.afterUpgrade(check)) {
                continue;
            }
            for (GateCheckResult result : check.evaluate(context)) {
                boolean newlyFailing = result.verdict() == Verdict.FAIL && !failedAtGate.contains(result.id());
                results.add(
                        result.verdict() == Verdict.FAIL && !newlyFailing
                                ? new GateCheckResult(
                                        result.id(),
                                        Verdict.WARN,
                                        result.resource(),
                                        result.message() + " (failing at the gate too)",
                                        result.remediation())
                                : result);
            }
        }
        return results;
    }

    private static List<String> failedAtGate(UpgradeRequest request) {
        if (request.checks == null) {
            return List.of();
        }
        try {
            List<GateCheckResult> gate = JSON.readValue(request.checks, new TypeReference<List<GateCheckResult>>() {});
            return gate.stream()
                    .filter(r -> r.verdict() == Verdict.FAIL)
                    .map(GateCheckResult::id)
                    .distinct()
                    .toList();
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private Uni<Void> finish(
            ClaimedJob job,
            UpgradeRequest found,
            List<GateCheckResult> results,
            String currentVersion,
            List<String> uncordoned) {
        Instant now = clock.instant();
        boolean passed = results.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
        List<GateCheckResult> failures =
                results.stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
        return Panache.withTransaction(() -> requests.findByName(found.name).chain(request -> {
            boolean verifiable = notVerifiable(request) == null;
            if (verifiable) {
                request.verified = passed;
                request.verifiedAt = now;
                try {
                    request.verifyChecks = JSON.writeValueAsString(results);
                } catch (JsonProcessingException e) {
                    return Uni.createFrom().failure(e);
                }
                if (passed && request.phase != null) {
                    request.phase = UpgradeLoop.VERIFIED;
                    request.phaseReason = null;
                    request.phaseSince = now;
                }
            }
            Log.infof(
                    "upgrade %s of cluster %s to %s: verification %s (%d failing)",
                    request.name,
                    request.cluster,
                    request.targetVersion,
                    passed ? "passed" : "failed",
                    failures.size());
            return outbox.publish(new UpgradeVerified(
                            request.name,
                            request.cluster,
                            passed,
                            request.currentVersion,
                            request.targetVersion,
                            currentVersion,
                            failures,
                            results,
                            uncordoned,
                            now,
                            null))
                    .chain(() -> jobs.finish(job, JobPhase.Completed, passed ? "passed" : "failed"));
        }));
    }
}
