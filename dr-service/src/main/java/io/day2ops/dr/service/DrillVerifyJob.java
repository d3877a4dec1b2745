package io.day2ops.dr.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.dr.config.DrConfig;
import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.domain.DrillVerdict;
import io.day2ops.dr.k8s.HttpCheckFence;
import io.day2ops.dr.k8s.TargetVerifier;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.clusters.EtcdHealth;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
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
import java.util.TreeSet;

/**
 * A drill's second stage, once backup-service restored: verify the target ({@link TargetVerifier}) until everything
 * holds or the drill's deadline passes; RTO = drill start to the last check passed; clean up the mapped namespaces when
 * asked; complete the drill.
 */
@ApplicationScoped
public class DrillVerifyJob implements JobHandler {

    public static final String KIND = "drill-verify";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final DrillRepository drills;
    private final ClusterConnections clusters;
    private final KnownBackups backups;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final DrillCompletion completion;
    private final DrConfig.Drill config;
    private final HttpCheckFence fence;

    private final RequestPolicy policy;

    public DrillVerifyJob(
            DrillRepository drills,
            ClusterConnections clusters,
            KnownBackups backups,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            DrillCompletion completion,
            DrConfig config,
            RequestPolicy policy) {
        this.policy = policy;
        this.drills = drills;
        this.clusters = clusters;
        this.backups = backups;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.completion = completion;
        this.config = config.drill();
        this.fence = new HttpCheckFence(
                this.config.httpCheckHosts().orElse(List.of()), this.config.httpCheckAllowLoopback());
        if (this.config.httpCheckAllowLoopback()) {
            Log.warn("day2.drill.http-check-allow-loopback is ON: drills may call loopback addresses of allowed hosts;"
                    + " for local development and tests only");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    private record Verified(
            List<TargetVerifier.Result> results,
            EtcdSnapshotCheck etcd,
            EtcdHealth health,
            List<String> cleaned,
            List<String> leftAlone) {}

    private record Found(Drill drill, KnownBackups.KnownBackup backup) {}

    /**
     * What backup-service found when it restored the backup's etcd snapshot into a scratch etcd right after taking
     * it; null when the backup has no etcd snapshot. A snapshot never verified does not pass: a drill proves recovery.
     */
    private static EtcdSnapshotCheck etcdSnapshot(KnownBackups.KnownBackup backup) {
        if (backup == null || backup.etcdRevision() == null) {
            return null;
        }
        if (backup.etcdVerified() == null) {
            return new EtcdSnapshotCheck(
                    false,
                    "the etcd snapshot of " + backup.name() + " was not verified when taken"
                            + (backup.etcdVerification() == null
                                    ? " (backup-service did not verify snapshots then)"
                                    : ": " + backup.etcdVerification()));
        }
        return new EtcdSnapshotCheck(
                backup.etcdVerified(),
                (backup.etcdVerified() ? "verified by backup-service when taken: " : "does not restore: ")
                        + backup.etcdVerification());
    }

    /** The drill's etcd-snapshot check. */
    private record EtcdSnapshotCheck(boolean passed, String message) {}

    @Override
    public Uni<Void> run(ClaimedJob job) {
        return Panache.withSession(() -> drills.findByName(job.name())
                        .chain(drill -> drill == null || drill.backupName == null
                                ? Uni.createFrom().item(new Found(drill, null))
                                : backups.resolve(drill.cluster, drill.backupName)
                                        .map(backup -> new Found(drill, backup))))
                .chain(both -> {
                    Drill found = both.drill();
                    KnownBackups.KnownBackup backup = both.backup();
                    if (found == null || found.phase != DrillPhase.Verifying) {
                        return Panache.withTransaction(() -> jobs.finish(
                                job, JobPhase.Completed, found == null ? "drill not found" : "already " + found.phase));
                    }
                    DrillRequested request;
                    List<String> targets;
                    List<String> restored;
                    try {
                        request = codec.parse(EventType.DRILL_REQUESTED, found.request);
                        restored = found.restoredWorkloads == null
                                ? null
                                : JSON.readValue(found.restoredWorkloads, new TypeReference<List<String>>() {});
                        targets = request.verify().isEmpty()
                                ? (restored == null ? List.of() : restored)
                                : VerifyTargets.mapped(request.verify(), request.namespaceMapping());
                    } catch (Exception e) {
                        return finish(job, found.name, "verify", "the drill cannot be verified: " + e.getMessage());
                    }
                    String missing = VerifyTargets.notRestored(targets, restored, request.namespaceMapping());
                    if (missing != null) {
                        return finish(job, found.name, "verify", missing);
                    }
                    for (String url : request.httpChecks()) {
                        String refusal = fence.refusalByName(url);
                        if (refusal != null) {
                            return finish(job, found.name, "verify", "GET " + url + ": " + refusal);
                        }
                    }
                    List<String> all = new ArrayList<>(targets);
                    request.httpChecks().forEach(url -> all.add("GET " + url));
                    if (all.isEmpty()) {
                        return finish(
                                job,
                                found.name,
                                "verify",
                                "nothing to verify: the restore put no Deployment, StatefulSet, PVC or Service in the target");
                    }
                    Instant deadline = found.deadlineAt;
                    String targetCluster = found.targetCluster;
                    Duration poll = config.verifyPoll();
                    return VertxContexts.blocking(() -> {
                                KubernetesClient client =
                                        clusters.client(targetCluster).orElseThrow();
                                List<TargetVerifier.Result> results =
                                        new TargetVerifier(client, clock, fence).verify(all, deadline, poll);
                                EtcdHealth health = clusters.etcd(targetCluster)
                                        .map(EtcdHealth::check)
                                        .orElse(null);
                                EtcdSnapshotCheck etcd = etcdSnapshot(backup);
                                List<String> cleaned = new ArrayList<>();
                                List<String> leftAlone = new ArrayList<>();
                                if (Boolean.TRUE.equals(request.cleanup())) {
                                    cleanUp(client, found.name, request, cleaned, leftAlone);
                                }
                                return new Verified(results, etcd, health, cleaned, leftAlone);
                            })
                            .chain(verified -> Panache.withTransaction(
                                    () -> drills.findByName(job.name()).chain(drill -> record(job, drill, verified))))
                            .onFailure()
                            .recoverWithUni(e -> finish(job, found.name, "verify", "verification failed: " + e));
                });
    }

    private Uni<Void> record(ClaimedJob job, Drill drill, Verified verified) {
        DrillTimeline timeline = DrillTimeline.restore(drill.timeline, clock);
        Instant lastPassed = null;
        boolean all = true;
        for (TargetVerifier.Result result : verified.results()) {
            timeline.check(result.target(), result.passed(), result.message());
            all &= result.passed();
            if (result.passedAt() != null
                    && (lastPassed == null || result.passedAt().isAfter(lastPassed))) {
                lastPassed = result.passedAt();
            }
        }
        Duration rto = null;
        if (all) {
            rto = DrillVerdict.rto(drill.startedAt, lastPassed);
            timeline.step("verified", verified.results().size() + " checks passed");
        } else {
            timeline.step(
                    "verification-timed-out", "not everything was ready by the drill's deadline " + drill.deadlineAt);
        }
        if (verified.health() != null) {
            timeline.check(
                    "etcd-health",
                    verified.health().ok(),
                    verified.health().ok()
                            ? "the target's etcd is healthy: "
                                    + String.join(", ", verified.health().healthy())
                            : String.join("; ", verified.health().problems()));
        }
        if (verified.etcd() != null) {
            timeline.check(
                    "etcd-snapshot", verified.etcd().passed(), verified.etcd().message());
            timeline.step("etcd-verified", verified.etcd().passed() ? "snapshot restores" : "snapshot failed");
        }
        if (!verified.cleaned().isEmpty()) {
            timeline.step("cleaned-up", "deleted namespaces " + verified.cleaned());
        }
        if (!verified.leftAlone().isEmpty()) {
            timeline.step(
                    "cleanup-skipped",
                    "left namespaces " + verified.leftAlone() + ": not created by this drill (no annotation "
                            + RequestPolicy.DRILL_MARK + "=" + drill.name + ")");
        }
        return completion.complete(drill, timeline, rto, job);
    }

    /**
     * Deletes the drill's mapped target namespaces that its restore created (they carry its mark), never a system
     * namespace or one it did not create (blocking).
     */
    private void cleanUp(
            KubernetesClient client,
            String drill,
            DrillRequested request,
            List<String> cleaned,
            List<String> leftAlone) {
        for (String namespace : new TreeSet<>(request.namespaceMapping().values())) {
            Namespace existing = client.namespaces().withName(namespace).get();
            if (existing == null) {
                continue;
            }
            if (policy.isSystemNamespace(namespace) || !drill.equals(DrillJob.mark(existing))) {
                Log.warnf(
                        "drill %s: namespace %s left alone at cleanup: this drill did not create it", drill, namespace);
                leftAlone.add(namespace);
                continue;
            }
            client.namespaces().withName(namespace).delete();
            cleaned.add(namespace);
        }
    }

    private Uni<Void> finish(ClaimedJob job, String name, String check, String message) {
        return Panache.withTransaction(() -> drills.findByName(name).chain(drill -> {
            DrillTimeline timeline =
                    DrillTimeline.restore(drill.timeline, clock).check(check, false, message);
            return completion.complete(drill, timeline, null, job);
        }));
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
        return finish(job, job.name(), "drill-verify", reason);
    }
}
