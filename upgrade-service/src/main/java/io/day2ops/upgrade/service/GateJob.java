package io.day2ops.upgrade.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventCodec;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.events.UpgradeGatePassed;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.upgrade.domain.GateReport;
import io.day2ops.upgrade.domain.UpgradeRequest;
import io.day2ops.upgrade.domain.VersionStepCheck;
import io.day2ops.upgrade.repository.UpgradeRequestRepository;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Runs the pre-upgrade gate of one request and answers {@code UpgradeGatePassed} or {@code UpgradeGateFailed}.
 *
 * <p>Checks today: the cluster is configured and its API answers, and the control plane moves one minor version.
 * The workload, removed-API, PDB, backup-freshness and etcd checks (issue 6) are not built yet, so the gate reports
 * them as one FAIL and never passes: a gate that could not look must not say go.
 */
@ApplicationScoped
public class GateJob implements JobHandler {

    public static final String KIND = "upgrade-gate";
    static final String CHECKS_NOT_AVAILABLE = "gate-checks-not-available";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final UpgradeRequestRepository requests;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final Clock clock;

    public GateJob(
            UpgradeRequestRepository requests,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            Clock clock) {
        this.requests = requests;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        return Panache.withSession(() -> requests.findByName(job.name()))
                .chain(request -> request == null
                        ? Panache.withTransaction(
                                () -> jobs.finish(job, JobPhase.Failed, "request " + job.name() + " not found"))
                        : evaluate(request)
                                .chain(result -> Panache.withTransaction(() -> record(job, request.name, result))));
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        GateReport report = new GateReport()
                .add(new GateCheckResult("gate-run", Verdict.FAIL, null, reason, "request the upgrade again"));
        return Panache.withTransaction(() -> record(job, job.name(), new Evaluation(null, report)));
    }

    private record Evaluation(String currentVersion, GateReport report) {}

    private Uni<Evaluation> evaluate(UpgradeRequest request) {
        GateReport report = new GateReport();
        if (!clusters.isConfigured(request.cluster)) {
            report.add(new GateCheckResult(
                    "cluster-reachable",
                    Verdict.FAIL,
                    null,
                    clusters.unknownClusterMessage(request.cluster),
                    "configure the cluster in upgrade-service"));
            return Uni.createFrom().item(new Evaluation(null, report));
        }
        return VertxContexts.blocking(() -> clusters.serverVersion(request.cluster))
                .map(version -> {
                    report.add(new GateCheckResult(
                            "cluster-reachable", Verdict.PASS, null, "API server answers, version " + version, null));
                    report.add(VersionStepCheck.evaluate(version, request.targetVersion));
                    report.add(new GateCheckResult(
                            CHECKS_NOT_AVAILABLE,
                            Verdict.FAIL,
                            null,
                            "workload health, removed-API, PDB, backup-freshness and etcd checks are not available in this"
                                    + " build; the gate fails closed",
                            "do not upgrade on this report alone"));
                    return new Evaluation(version, report);
                })
                .onFailure(KubernetesClientException.class)
                .recoverWithItem(failure -> new Evaluation(
                        null,
                        report.add(new GateCheckResult(
                                "cluster-reachable",
                                Verdict.FAIL,
                                null,
                                "the API server of cluster '" + request.cluster + "' did not answer: "
                                        + failure.getMessage(),
                                "check day2.clusters." + request.cluster + ".url and the network path to it"))));
    }

    private Uni<Void> record(ClaimedJob job, String name, Evaluation evaluation) {
        Instant now = clock.instant();
        GateReport report = evaluation.report();
        return requests.findByName(name).chain(request -> {
            request.verdict = report.passed() ? "Passed" : "Failed";
            request.currentVersion = evaluation.currentVersion();
            request.evaluatedAt = now;
            try {
                request.checks = JSON.writeValueAsString(report.checks());
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            Log.infof(
                    "gate %s for cluster %s -> %s: %s (%d failing)",
                    name,
                    request.cluster,
                    request.targetVersion,
                    request.verdict,
                    report.failures().size());
            Uni<?> published = report.passed()
                    ? outbox.publish(new UpgradeGatePassed(
                            name,
                            request.cluster,
                            evaluation.currentVersion(),
                            request.targetVersion,
                            report.checks(),
                            now))
                    : outbox.publish(new UpgradeGateFailed(
                            name,
                            request.cluster,
                            evaluation.currentVersion(),
                            request.targetVersion,
                            report.failures(),
                            report.checks(),
                            now));
            return published.chain(() -> jobs.finish(job, JobPhase.Completed, request.verdict));
        });
    }
}
