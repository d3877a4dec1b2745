package io.day2ops.console.service;

import io.day2ops.console.config.ConsoleConfig;
import io.day2ops.console.fleet.Answer;
import io.day2ops.console.fleet.Fleet;
import io.day2ops.console.repository.AnswerRepository;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.InvalidEventException;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's read model: answers kept in its database (each once) and the fleet projected from them in memory.
 * At start the fleet is replayed from the database; afterwards every answer the consumers take in is stored and
 * applied, and the cluster it changed is announced to the pages listening ({@link #changes()}).
 */
@ApplicationScoped
public class ReadModel {

    private static final int REPLAY_PAGE = 5_000;
    private static final Map<String, EventType<?>> TYPES =
            EventType.ALL.stream().collect(Collectors.toMap(t -> t.javaType().getSimpleName(), Function.identity()));

    private final AnswerRepository answers;
    private final EventCodec codec;
    private final ConsoleConfig config;
    private final Fleet fleet;
    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();
    private final java.util.concurrent.CompletableFuture<Boolean> generationReady =
            new java.util.concurrent.CompletableFuture<>();

    private final io.micrometer.core.instrument.Counter recorded;

    public ReadModel(
            AnswerRepository answers,
            EventCodec codec,
            ConsoleConfig config,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        this.answers = answers;
        this.codec = codec;
        this.config = config;
        this.fleet = new Fleet(config.defaultRpoObjective());
        metrics.gauge("day2_console_clusters", fleet, Fleet::size);
        this.recorded = io.micrometer.core.instrument.Counter.builder("day2_console_answers_recorded")
                .description("answer events the console took into its read model from the bus")
                .register(metrics);
    }

    void onStart(@Observes StartupEvent start, io.vertx.core.Vertx vertx) {
        Uni<Boolean> generation = VertxContexts.onSafeContext(vertx, () -> answers.startGeneration(config.generation()))
                .invoke(fresh -> {
                    if (fresh) {
                        Log.infof(
                                "read model generation %d starts empty: the consumers replay every answer topic from"
                                        + " its beginning",
                                config.generation());
                    }
                })
                .memoize()
                .indefinitely();
        generation
                .invoke(generationReady::complete)
                .onFailure()
                .invoke(generationReady::completeExceptionally)
                .chain(() -> VertxContexts.onSafeContext(vertx, () -> replay(Instant.EPOCH, "", 0)))
                .subscribe()
                .with(
                        count -> {
                            Log.infof(
                                    "fleet replayed from %d stored answers (generation %d)",
                                    count, config.generation());
                            announce("*");
                        },
                        failure -> Log.error("replaying the fleet from the database failed", failure));
    }

    /**
     * Completes once the database holds this generation of the read model: the consumers wait for it, so nothing
     * they store is emptied by a rebuild starting.
     */
    public Uni<Void> ready() {
        return Uni.createFrom().completionStage(generationReady).replaceWithVoid();
    }

    /**
     * Whether this start's read model began empty (a new database, or a new generation), so the consumers must read
     * their topics from the beginning whatever their group committed; waits for the database to say.
     */
    public boolean startsEmpty(java.time.Duration wait) {
        try {
            return generationReady.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the read model's database did not answer", e);
        }
    }

    private Uni<Long> replay(Instant at, String id, long done) {
        return answers.after(at, id, REPLAY_PAGE).chain(page -> {
            page.forEach(this::applyStored);
            if (page.size() < REPLAY_PAGE) {
                return Uni.createFrom().item(done + page.size());
            }
            Answer last = page.get(page.size() - 1);
            return replay(last.at(), last.id(), done + page.size());
        });
    }

    private void applyStored(Answer answer) {
        EventType<?> type = TYPES.get(answer.type());
        try {
            fleet.apply(codec.parse(type, answer.json()));
        } catch (InvalidEventException | RuntimeException e) {
            // validated when it came in; a schema that grew stricter since is no reason to lose the rest
            Log.warnf(
                    "stored answer %s (%s) no longer parses, left out of the fleet: %s",
                    answer.id(), answer.type(), e.getMessage());
        }
    }

    /**
     * Stores a Kafka batch's answers (those not seen before; inside the inbox's transaction) in one statement, then
     * applies them to the fleet and announces the clusters they changed.
     */
    public <T extends Day2Event> Uni<Void> recordAll(List<CloudEvent<T>> events) {
        List<Answer> batch = new java.util.ArrayList<>();
        for (CloudEvent<T> event : events) {
            Answer answer = Answer.of(event.id(), event.data(), codec.toJson(event.data()));
            if (answer != null) {
                batch.add(answer);
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return answers.insert(batch).invoke(() -> {
            java.util.Set<String> changed = new java.util.LinkedHashSet<>();
            for (CloudEvent<T> event : events) {
                fleet.apply(event.data());
                changed.add(event.data().cluster());
            }
            recorded.increment(batch.size());
            changed.forEach(this::announce);
        });
    }

    // the consumers of different topics run on different threads; a broadcast takes one item at a time
    private synchronized void announce(String cluster) {
        changes.onNext(cluster);
    }

    /** The fleet as it stands. */
    public Fleet fleet() {
        return fleet;
    }

    /** The clusters whose answers change, as they change ({@code *} for all: the replay finished). */
    public Multi<String> changes() {
        return changes;
    }

    /** A cluster's answers of one kind, newest first. */
    public Uni<List<Answer>> history(String cluster, String kind, int limit) {
        return answers.ofCluster(cluster, kind, limit);
    }

    /** A cluster's restores, rollouts, drains and failovers, newest first. */
    public Uni<List<Answer>> operations(String cluster, int limit) {
        return answers.operationsOf(cluster, limit);
    }

    /** The answers to one request, newest first. */
    public Uni<List<Answer>> named(String kind, String name) {
        return answers.named(kind, name);
    }

    /** The event of a stored answer, parsed. */
    public Day2Event event(Answer answer) throws InvalidEventException {
        return codec.parse(TYPES.get(answer.type()), answer.json());
    }
}
