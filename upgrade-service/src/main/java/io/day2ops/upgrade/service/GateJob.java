package io.day2ops.upgrade.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.GoDuration;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.events.UpgradeGatePassed;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.clusters.EtcdHealth;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.foundation.security.RequestPolicy;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.GateReport;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.UpgradeRequest;
import io.day2ops.upgrade.domain.checks.GateCheck;
import io.day2ops.upgrade.domain.checks.GateContext;
import io.day2ops.upgrade.k8s.ClusterStateReader;
import io.day2ops.upgrade.repository.UpgradeRequestRepository;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the pre-upgrade gate of one request and answers {@code UpgradeGatePassed} or {@code UpgradeGateFailed}.
 *
 * <p>One read of the cluster's state, then every check on it: the control plane's version step and the skew policy,
 * removed and deprecated APIs (live, last-applied, managedFields, Helm releases), workload health, zero-downtime
 * readiness (PDBs, rollout strategies, probes), the freshness of the newest Completed backup, and etcd's health where
 * endpoints are configured. Every failing check is reported, not only the first; a cluster that cannot be read fails
 * closed.
 */
@ApplicationScoped
public class GateJob implements JobHandler {

    public static final String KIND = "upgrade-gate";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final UpgradeRequestRepository requests;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final Clock clock;
    private final ClusterStateReader reader;
    private final LatestBackups latestBackups;
    private final UpgradeConfig.Upgrade config;
    private final List<GateCheck> checks;

    private final RequestPolicy policy;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final UpgradeLoop loop;

    public GateJob(
            UpgradeRequestRepository requests,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            Clock clock,
            ClusterStateReader reader,
            LatestBackups latestBackups,
            UpgradeConfig config,
            @All List<GateCheck> checks,
            RequestPolicy policy,
            io.micrometer.core.instrument.MeterRegistry meters,
            UpgradeLoop loop) {
        this.loop = loop;
        this.policy = policy;
        this.meters = meters;
        this.requests = requests;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.clock = clock;
        this.reader = reader;
        this.latestBackups = latestBackups;
        this.config = config.upgrade();
        this.checks = checks.stream()
                .sorted(Comparator.comparingInt(GateCheck::order))
                .toList();
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

    /** @param targetVersion the target as the answers name it ({@code next} resolved); null when unchanged */
    private record Evaluation(String currentVersion, GateReport report, String targetVersion) {

        Evaluation(String currentVersion, GateReport report) {
            this(currentVersion, report, null);
        }
    }

    private record Read(ClusterState state, EtcdHealth etcd) {}

    private Uni<Evaluation> evaluate(UpgradeRequest request) {
        GateReport report = new GateReport();
        String refusal = policy.refusal(
                new RequestPolicy.Request(
                        EventType.UPGRADE_REQUESTED.ceType(),
                        request.requestedBy,
                        request.requestedAt,
                        request.createdAt),
                null,
                request.cluster);
        if (refusal != null) {
            report.add(new GateCheckResult(
                    "policy", Verdict.FAIL, null, refusal, "request the upgrade again, with a current ce_time"));
            return Uni.createFrom().item(new Evaluation(null, report));
        }
        if (!clusters.isConfigured(request.cluster)) {
            report.add(new GateCheckResult(
                    "cluster-reachable",
                    Verdict.FAIL,
                    null,
                    clusters.unknownClusterMessage(request.cluster),
                    "configure the cluster in upgrade-service"));
            return Uni.createFrom().item(new Evaluation(null, report));
        }
        boolean next = NEXT.equals(request.targetVersion);
        KubernetesVersion parsed;
        try {
            parsed = next ? null : KubernetesVersion.parse(request.targetVersion);
        } catch (IllegalArgumentException e) {
            report.add(new GateCheckResult(
                    "target-version", Verdict.FAIL, null, e.getMessage(), "ask for a version like 1.31 or v1.31.2"));
            return Uni.createFrom().item(new Evaluation(null, report));
        }
        Duration maxBackupAge = maxBackupAge(request);
        return VertxContexts.blocking(() -> {
                    ClusterState state =
                            reader.read(clusters.client(request.cluster).orElseThrow());
                    EtcdHealth etcd = clusters.etcd(request.cluster)
                            .map(EtcdHealth::check)
                            .orElse(null);
                    return new Read(state, etcd);
                })
                .ifNoItem()
                .after(config.readTimeout())
                .failWith(() -> new KubernetesClientException(
                        "reading the cluster's state took more than " + GoDuration.format(config.readTimeout())))
                .chain(read -> Panache.withSession(() -> latestBackups.of(request.cluster))
                        .map(backup -> {
                            ClusterState state = read.state();
                            KubernetesVersion target = next ? nextMinor(state.serverVersion()) : parsed;
                            String targetVersion = next ? target.toString() : request.targetVersion;
                            report.add(new GateCheckResult(
                                    "cluster-reachable",
                                    Verdict.PASS,
                                    null,
                                    "API server answers, version " + state.serverVersion(),
                                    null));
                            GateContext context = new GateContext(
                                    request.cluster,
                                    targetVersion,
                                    target,
                                    state,
                                    reader.data(),
                                    backup,
                                    maxBackupAge,
                                    clock.instant(),
                                    read.etcd());
                            List<GateCheckResult> results = new java.util.ArrayList<>();
                            checks.forEach(check -> results.addAll(check.evaluate(context)));
                            io.day2ops.upgrade.domain.checks.Waivers.apply(results, waivers(request), state)
                                    .forEach(report::add);
                            return new Evaluation(state.serverVersion(), report, next ? targetVersion : null);
                        }))
                .onFailure(KubernetesClientException.class)
                .recoverWithItem(failure -> new Evaluation(
                        null,
                        report.add(new GateCheckResult(
                                "cluster-reachable",
                                Verdict.FAIL,
                                null,
                                "the API server of cluster '" + request.cluster + "' did not answer: "
                                        + failure.getMessage(),
                                "check day2.clusters." + request.cluster + ".url and the network path to it"))))
                .onFailure(e -> !(e instanceof KubernetesClientException))
                .recoverWithItem(failure -> {
                    Log.errorf(failure, "gate %s: reading cluster %s failed", request.name, request.cluster);
                    return new Evaluation(
                            null,
                            report.add(new GateCheckResult(
                                    "cluster-state",
                                    Verdict.FAIL,
                                    null,
                                    "the state of cluster '" + request.cluster + "' could not be read: " + failure,
                                    "see upgrade-service's log; the gate fails closed when it cannot look")));
                });
    }

    /** {@code targetVersion: next}: the minor after the cluster's (the seed's daily check never goes stale). */
    static final String NEXT = "next";

    private static KubernetesVersion nextMinor(String serverVersion) {
        KubernetesVersion current = KubernetesVersion.parse(serverVersion);
        return new KubernetesVersion(current.major(), current.minor() + 1);
    }

    /** The request's waivers. */
    private static List<io.day2ops.events.GateWaiver> waivers(UpgradeRequest request) {
        try {
            com.fasterxml.jackson.databind.JsonNode waivers =
                    JSON.readTree(request.request).path("waivers");
            return waivers.isArray()
                    ? JSON.convertValue(
                            waivers,
                            new com.fasterxml.jackson.core.type.TypeReference<List<io.day2ops.events.GateWaiver>>() {})
                    : List.of();
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /** The request's {@code maxBackupAge}, else the configured default. */
    private Duration maxBackupAge(UpgradeRequest request) {
        try {
            String asked = JSON.readTree(request.request).path("maxBackupAge").asText(null);
            return asked == null ? config.maxBackupAge() : GoDuration.parse(asked);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return config.maxBackupAge();
        }
    }

    private Uni<Void> record(ClaimedJob job, String name, Evaluation evaluation) {
        Instant now = clock.instant();
        GateReport report = evaluation.report();
        return requests.findByName(name).chain(request -> {
            request.verdict = report.passed() ? "Passed" : "Failed";
            if (evaluation.targetVersion() != null) {
                request.targetVersion = evaluation.targetVersion();
            }
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
                            now,
                            null))
                    : outbox.publish(new UpgradeGateFailed(
                            name,
                            request.cluster,
                            evaluation.currentVersion(),
                            request.targetVersion,
                            report.failures(),
                            report.checks(),
                            now,
                            null));
            return published
                    .chain(() -> loop.gated(request, report.passed()))
                    .chain(() -> jobs.finish(job, JobPhase.Completed, request.verdict))
                    .invoke(() -> io.micrometer.core.instrument.Counter.builder("day2.gate.verdicts")
                            .description(
                                    "upgrade gates evaluated, by cluster and verdict (passed = GO, failed = NO-GO)")
                            .tags("cluster", request.cluster, "verdict", report.passed() ? "passed" : "failed")
                            .register(meters)
                            .increment());
        });
    }
}
