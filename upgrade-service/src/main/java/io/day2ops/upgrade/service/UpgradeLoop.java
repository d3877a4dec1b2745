package io.day2ops.upgrade.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.DrainCompleted;
import io.day2ops.events.DrainCompleted.Outcome;
import io.day2ops.events.DrainRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.UpgradeReady;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.security.RequestPolicy;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.domain.Drain;
import io.day2ops.upgrade.domain.UpgradeRequest;
import io.day2ops.upgrade.repository.DrainRepository;
import io.day2ops.upgrade.repository.UpgradeRequestRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The upgrade loop of a request that is not gate-only, the seed's upgrade procedure as events: after GO a pre-upgrade
 * backup ({@code BackupRequested}, waited for through {@code SnapshotTaken}/{@code BackupFailed}), then the requested
 * nodes drained in order (a drain job of this service), then {@code UpgradeReady} for the external upgrader. NO-GO
 * stops before anything is done. A backup that is not Completed, a failed drain, or a wait longer than {@code
 * day2.upgrade.loop-timeout} ends it {@code Failed}, answered with {@code UpgradeReady} phase {@code Failed}.
 *
 * <p>Every step runs in the transaction that recorded what it follows (the gate's report, the backup's answer, the
 * drain's result), and publishes through the outbox, so a step is taken exactly once.
 */
@ApplicationScoped
public class UpgradeLoop {

    public static final String GATING = "Gating";
    public static final String BACKING_UP = "BackingUp";
    public static final String DRAINING = "Draining";
    public static final String READY = "Ready";
    public static final String VERIFIED = "Verified";
    public static final String STOPPED = "Stopped";
    public static final String FAILED = "Failed";

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();
    private static final int MAX_NAME = 253;

    private final UpgradeRequestRepository requests;
    private final DrainRepository drains;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final RequestPolicy policy;
    private final Clock clock;
    private final UpgradeConfig.Upgrade config;

    public UpgradeLoop(
            UpgradeRequestRepository requests,
            DrainRepository drains,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            RequestPolicy policy,
            Clock clock,
            UpgradeConfig config) {
        this.requests = requests;
        this.drains = drains;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.policy = policy;
        this.clock = clock;
        this.config = config.upgrade();
    }

    /** The pre-upgrade backup's name: {@code <upgrade>-pre-upgrade}. */
    public static String backupName(String upgrade) {
        return suffixed(upgrade, "-pre-upgrade");
    }

    /** The drain's name: {@code <upgrade>-drain}. */
    public static String drainName(String upgrade) {
        return suffixed(upgrade, "-drain");
    }

    /** After the gate, in its transaction: NO-GO stops the loop; GO asks for the pre-upgrade backup. */
    public Uni<Void> gated(UpgradeRequest request, boolean passed) {
        if (request.gateOnly || request.phase == null) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        if (!passed) {
            move(request, STOPPED, "NO-GO: the gate failed, so nothing was backed up or drained", now);
            return Uni.createFrom().voidItem();
        }
        request.backupName = backupName(request.name);
        move(request, BACKING_UP, null, now);
        Log.infof(
                "upgrade %s of cluster %s: GO; pre-upgrade backup %s requested",
                request.name, request.cluster, request.backupName);
        return outbox.publish(BackupRequested.builder(request.backupName, request.cluster)
                        .build())
                .replaceWithVoid();
    }

    /**
     * A backup's answer, in the consumer's transaction: the pre-upgrade backup of an upgrade waiting for it moves the
     * loop on (Completed) or fails it (anything else). Other backups change nothing.
     */
    public Uni<Void> backedUp(String backup, boolean completed, String outcome) {
        return requests.find("backupName = ?1 and phase = ?2", backup, BACKING_UP)
                .firstResult()
                .chain(request -> {
                    if (request == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (!completed) {
                        return fail(
                                request,
                                "the pre-upgrade backup " + backup + " is " + outcome
                                        + "; the upgrade did not go on (nothing was drained)");
                    }
                    List<String> nodes = nodes(request.drainNodes);
                    return nodes.isEmpty() ? ready(request) : drain(request, nodes);
                });
    }

    /** A drain's end, in the drain job's transaction: the loop's drain makes it ready, or fails it. */
    public Uni<Void> drained(String drain, DrainCompleted result) {
        return requests.find("phase = ?1 and cluster = ?2", DRAINING, result.cluster())
                .list()
                .chain(waiting -> {
                    UpgradeRequest request = waiting.stream()
                            .filter(r -> drainName(r.name).equals(drain))
                            .findFirst()
                            .orElse(null);
                    if (request == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (result.outcome() != Outcome.Drained) {
                        return fail(
                                request,
                                "drain " + drain + " failed: " + result.reason()
                                        + "; nodes it cordoned stay cordoned (kubectl uncordon them, or retry the upgrade)");
                    }
                    request.drainedNodes = json(result.nodes().stream()
                            .map(DrainCompleted.NodeDrain::node)
                            .toList());
                    return ready(request);
                });
    }

    /** Fails the upgrades that waited longer than {@code day2.upgrade.loop-timeout} for their backup or drain. */
    public Uni<Integer> expire() {
        Instant before = clock.instant().minus(config.loopTimeout());
        return requests.find("phase in ?1 and phaseSince < ?2", List.of(BACKING_UP, DRAINING), before)
                .list()
                .chain(stuck -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (UpgradeRequest request : stuck) {
                        String waitedFor = BACKING_UP.equals(request.phase)
                                ? "the pre-upgrade backup " + request.backupName
                                : "drain " + drainName(request.name);
                        all = all.chain(() -> fail(
                                request,
                                "waited longer than " + config.loopTimeout() + " for " + waitedFor
                                        + " (day2.upgrade.loop-timeout)"));
                    }
                    return all.replaceWith(stuck.size());
                });
    }

    private Uni<Void> drain(UpgradeRequest request, List<String> nodes) {
        Instant now = clock.instant();
        DrainRequested drain = new DrainRequested(drainName(request.name), request.cluster, nodes, false, null, null);
        String refusal = policy.refusal(
                new RequestPolicy.Request(EventType.DRAIN_REQUESTED.ceType(), request.requestedBy, null, now),
                RequestPolicy.Action.DRAIN,
                request.cluster);
        if (refusal != null) {
            return fail(request, "the drain of " + nodes + " is refused: " + refusal);
        }
        Drain row = new Drain();
        row.name = drain.name();
        row.cluster = drain.cluster();
        row.request = codec.toJson(drain);
        row.createdAt = now;
        row.requestedBy = request.requestedBy;
        row.requestedAt = now;
        move(request, DRAINING, null, now);
        Log.infof("upgrade %s of cluster %s: backup Completed; draining %s", request.name, request.cluster, nodes);
        return drains.insertIfAbsent(row)
                .chain(inserted -> inserted
                        ? jobs.enqueue(DrainJob.KIND, drain.name(), row.request).replaceWithVoid()
                        : fail(request, "a drain named " + drain.name() + " exists already; the upgrade cannot drain"));
    }

    private Uni<Void> ready(UpgradeRequest request) {
        Instant now = clock.instant();
        move(request, READY, null, now);
        Log.infof(
                "upgrade %s of cluster %s to %s: Ready for the upgrader (backup %s, drained %s)",
                request.name, request.cluster, request.targetVersion, request.backupName, nodes(request.drainedNodes));
        return outbox.publish(answer(request, now)).replaceWithVoid();
    }

    private Uni<Void> fail(UpgradeRequest request, String reason) {
        Instant now = clock.instant();
        move(request, FAILED, reason, now);
        Log.warnf("upgrade %s of cluster %s: Failed: %s", request.name, request.cluster, reason);
        return outbox.publish(answer(request, now)).replaceWithVoid();
    }

    private static UpgradeReady answer(UpgradeRequest request, Instant now) {
        return new UpgradeReady(
                request.name,
                request.cluster,
                request.phase,
                request.phaseReason,
                request.currentVersion,
                request.targetVersion,
                request.backupName,
                nodes(request.drainedNodes),
                now);
    }

    private static void move(UpgradeRequest request, String phase, String reason, Instant now) {
        request.phase = phase;
        request.phaseReason = reason;
        request.phaseSince = now;
    }

    /** A JSON array of node names, or empty. */
    public static List<String> nodes(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored node list is not JSON: " + json, e);
        }
    }

    static String json(List<String> nodes) {
        try {
            return JSON.writeValueAsString(nodes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String suffixed(String name, String suffix) {
        String base = name.length() + suffix.length() > MAX_NAME ? name.substring(0, MAX_NAME - suffix.length()) : name;
        return base.replaceAll("[.-]+$", "") + suffix;
    }
}
