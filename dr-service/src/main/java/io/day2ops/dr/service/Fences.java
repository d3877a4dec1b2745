package io.day2ops.dr.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.dr.config.DrConfig;
import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.FailoverFence;
import io.day2ops.dr.domain.FencedWorkload;
import io.day2ops.dr.k8s.Fencing;
import io.day2ops.dr.repository.FenceRepository;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fencing of old primaries (opt-in, {@code day2.failover.fence-clusters}): a failover of such a cluster that passed
 * leaves a Pending fence in its completion's transaction; a loop tries it every {@code fence-retry} until the old
 * primary answers — it is usually down, which is why it was failed over — then scales the restored workloads to 0
 * there (Fenced), or gives up after {@code fence-timeout} (Failed, with the last error). A failback undoes it.
 */
@ApplicationScoped
public class Fences {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FenceRepository fences;
    private final ClusterConnections clusters;
    private final Clock clock;
    private final Vertx vertx;
    private final DrConfig.Failover settings;
    private final Set<String> fenced;
    private PollingLoop loop;

    public Fences(FenceRepository fences, ClusterConnections clusters, Clock clock, Vertx vertx, DrConfig config) {
        this.fences = fences;
        this.clusters = clusters;
        this.clock = clock;
        this.vertx = vertx;
        this.settings = config.failover();
        this.fenced = Set.copyOf(settings.fenceClusters().orElse(List.of()));
    }

    void start(@Observes StartupEvent event) {
        if (fenced.isEmpty()) {
            return;
        }
        Log.infof("failovers of %s fence the old primary once it answers", new TreeSet<>(fenced));
        loop = new PollingLoop(
                "failover fences", vertx, settings.fenceRetry(), () -> VertxContexts.onSafeContext(vertx, this::round));
        loop.start();
    }

    /** Stops before the database pool closes. */
    void stop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /**
     * After {@code drill}, a failover, passed (in its completion's transaction): a Pending fence of its old primary
     * when that cluster is fenced, naming the Deployments and StatefulSets it restored, as they are named there.
     */
    public Uni<Void> schedule(Drill drill) {
        if (!drill.isFailover() || !fenced.contains(drill.cluster) || drill.cluster.equals(drill.targetCluster)) {
            return Uni.createFrom().voidItem();
        }
        FailoverFence fence = new FailoverFence();
        fence.failoverName = drill.name;
        fence.cluster = drill.cluster;
        fence.phase = FailoverFence.Phase.Pending;
        fence.workloads = json(sourceWorkloads(drill));
        fence.deadlineAt = clock.instant().plus(settings.fenceTimeout());
        fence.updatedAt = clock.instant();
        fence.reason = "waiting for " + drill.cluster + " to answer";
        return fences.persist(fence).invoke(() -> loop.wakeUp()).replaceWithVoid();
    }

    /** The fence of failover {@code name}, or null. */
    public Uni<FailoverFence> describe(String name) {
        return Panache.withSession(() -> fences.findById(name));
    }

    /** The restored Deployments and StatefulSets, named as on the source (the namespace mapping reversed). */
    static List<String> sourceWorkloads(Drill drill) {
        Map<String, String> back = reverseMapping(drill);
        List<String> targets = new ArrayList<>();
        for (String workload : restoredWorkloads(drill)) {
            String[] parts = workload.split("/", 3);
            if (parts.length == 3 && Fencing.KINDS.contains(parts[0])) {
                targets.add(parts[0] + "/" + back.getOrDefault(parts[1], parts[1]) + "/" + parts[2]);
            }
        }
        return targets;
    }

    /**
     * A failback's namespace mapping: each namespace {@code failover} restored workloads into (on its target) → the
     * namespace of its source it came from. Exactly what the failover took, never more.
     */
    static Map<String, String> failbackMapping(Drill failover) {
        Map<String, String> back = reverseMapping(failover);
        Map<String, String> mapping = new java.util.TreeMap<>();
        for (String workload : restoredWorkloads(failover)) {
            String[] parts = workload.split("/", 3);
            if (parts.length == 3) {
                mapping.put(parts[1], back.getOrDefault(parts[1], parts[1]));
            }
        }
        return mapping;
    }

    private static List<String> restoredWorkloads(Drill drill) {
        return drill.restoredWorkloads == null
                ? List.of()
                : read(drill.restoredWorkloads, new TypeReference<List<String>>() {});
    }

    /** The drill's namespace mapping reversed: target namespace → source namespace. */
    private static Map<String, String> reverseMapping(Drill drill) {
        try {
            Map<String, String> back = new HashMap<>();
            JsonNode mapping =
                    drill.request == null ? null : JSON.readTree(drill.request).get("namespaceMapping");
            if (mapping != null) {
                mapping.fields().forEachRemaining(e -> back.put(e.getValue().asText(), e.getKey()));
            }
            return back;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Uni<Boolean> round() {
        return Panache.withSession(() -> fences.pending(20))
                .chain(pending -> Multi.createFrom()
                        .iterable(pending)
                        .onItem()
                        .transformToUniAndConcatenate(this::attempt)
                        .collect()
                        .asList())
                .replaceWith(false);
    }

    private Uni<Void> attempt(FailoverFence fence) {
        String name = fence.failoverName;
        return VertxContexts.blocking(() -> Fencing.fence(
                        clusters.client(fence.cluster)
                                .orElseThrow(
                                        () -> new IllegalStateException(clusters.unknownClusterMessage(fence.cluster))),
                        read(fence.workloads, new TypeReference<List<String>>() {}),
                        name))
                .chain(outcome -> update(name, row -> {
                    row.phase = FailoverFence.Phase.Fenced;
                    row.fenced = json(outcome.fenced());
                    row.reason = "scaled " + outcome.fenced().size() + " workload(s) to 0 on " + row.cluster
                            + (outcome.absent().isEmpty() ? "" : "; not there: " + outcome.absent());
                    Log.warnf("FENCED %s after failover %s: %s", row.cluster, name, row.reason);
                }))
                .onFailure()
                .recoverWithUni(e -> update(name, row -> {
                    String error = DrillJob.rootCause(e);
                    if (clock.instant().isAfter(row.deadlineAt)) {
                        row.phase = FailoverFence.Phase.Failed;
                        row.reason =
                                "could not fence " + row.cluster + " within " + settings.fenceTimeout() + ": " + error;
                        Log.errorf("failover %s: %s — scale its workloads down by hand", name, row.reason);
                    } else {
                        row.reason = "waiting for " + row.cluster + " to answer: " + error;
                    }
                }));
    }

    private Uni<Void> update(String name, java.util.function.Consumer<FailoverFence> change) {
        return Panache.withTransaction(() -> fences.findById(name).invoke(row -> {
                    if (row != null && row.phase == FailoverFence.Phase.Pending) {
                        change.accept(row);
                        row.updatedAt = clock.instant();
                    }
                }))
                .replaceWithVoid();
    }

    /**
     * After {@code failback} passed (in its completion's transaction): scales back what its failover fenced on the old
     * primary — the cluster it just restored into, so it answers — and the fence becomes Unfenced, saying by whom. A
     * fence still Pending is Unfenced without a call (nothing was scaled). A workload gone, or fenced since by another
     * failover, is left as it is and named; a call that fails leaves the fence as it was, with the error, logged.
     */
    public Uni<Void> unfenceAfter(Drill failback) {
        String name = failback.failbackOf;
        return fences.findById(name).chain(row -> {
            if (row == null || row.phase == FailoverFence.Phase.Unfenced || row.phase == FailoverFence.Phase.Failed) {
                return Uni.createFrom().voidItem();
            }
            if (row.phase == FailoverFence.Phase.Pending) {
                row.phase = FailoverFence.Phase.Unfenced;
                row.reason = "failback " + failback.name + " ran before " + row.cluster + " could be fenced";
                row.updatedAt = clock.instant();
                return Uni.createFrom().voidItem();
            }
            List<FencedWorkload> workloads = read(row.fenced, new TypeReference<List<FencedWorkload>>() {});
            return VertxContexts.blocking(
                            () -> Fencing.unfence(clusters.client(row.cluster).orElseThrow(), workloads, name))
                    .invoke(left -> {
                        row.phase = FailoverFence.Phase.Unfenced;
                        row.reason = "failback " + failback.name + " scaled back "
                                + (workloads.size() - left.size()) + " workload(s)"
                                + (left.isEmpty() ? "" : "; left as they are: " + left);
                        row.updatedAt = clock.instant();
                        Log.warnf("UNFENCED %s after failback %s: %s", row.cluster, failback.name, row.reason);
                    })
                    .onFailure()
                    .recoverWithItem(e -> {
                        row.reason = "failback " + failback.name + " could not scale back: " + DrillJob.rootCause(e)
                                + " — scale the workloads in 'fenced' back by hand";
                        row.updatedAt = clock.instant();
                        Log.errorf("failback %s: %s", failback.name, row.reason);
                        return List.of();
                    })
                    .replaceWithVoid();
        });
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
