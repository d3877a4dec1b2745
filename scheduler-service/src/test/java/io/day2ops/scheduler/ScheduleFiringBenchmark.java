package io.day2ops.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.scheduler.domain.CronExpression;
import io.day2ops.scheduler.domain.FirePlan;
import io.day2ops.scheduler.service.ScheduleFirer;
import io.day2ops.scheduler.service.ScheduleStore;
import io.day2ops.testing.Day2FlowTest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (excluded from the suite; run with {@code ./day2 bench scheduler}): 10,000 schedules stored,
 * 100 of them made due before each tick; the time of one firing round (find the due ones, plan each, move them on and
 * write 100 requests to the outbox, one transaction). Baseline in the same run, on the same rows: a naive tick that
 * reads every schedule, evaluates each in Java and fires the due ones one transaction each. The service's own loops
 * are slowed to an hour so only the measured rounds fire. It asserts nothing about speed; the report is also written
 * to {@code target/benchmarks/scheduler.txt}.
 */
@Day2FlowTest
@TestProfile(ScheduleFiringBenchmark.Quiet.class)
class ScheduleFiringBenchmark {

    /** Logs to a file; the service's firing loop and RPO watch stay out of the way of the measured rounds. */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.console.enable", "false",
                    "quarkus.log.file.enable", "true",
                    "quarkus.log.file.path", "target/benchmarks/scheduler-service.log",
                    "day2.scheduler.tick", "1h",
                    "day2.scheduler.rpo.check-interval", "1h");
        }
    }

    private static final int SCHEDULES = Integer.getInteger("bench.schedules", 10_000);
    private static final int DUE = Integer.getInteger("bench.due", 100);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 30);
    private static final int WARMUP = 10;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Inject
    Pool pool;

    @Inject
    ScheduleFirer firer;

    @Inject
    EventOutbox outbox;

    @Inject
    EventCodec codec;

    @Inject
    io.vertx.core.Vertx vertx;

    private final Random random = new Random(42);

    @Test
    void fireTheDueOnesAmongTenThousand() throws Exception {
        await(pool.query("DELETE FROM schedule").execute());
        OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            rows.add(Tuple.of(
                    "bench-" + i,
                    (i % 60) + " " + (i % 24) + " * * *",
                    "{\"cluster\":\"bench\",\"includedNamespaces\":[\"default\",\"kube-system\"],\"ttl\":\"720h\"}",
                    created.plusDays(2),
                    created));
        }
        await(pool.preparedQuery("INSERT INTO schedule (name, kind, cron, template, next_fire_at, created_at, cluster)"
                        + " VALUES ($1, 'backup', $2, $3, $4, $5, 'bench')")
                .executeBatch(rows));
        await(pool.query("ANALYZE schedule").execute());

        double[] ours = measure(() -> VertxContexts.onSafeContext(vertx, firer::fireOnce));
        double[] naive = measure(() -> VertxContexts.onSafeContext(vertx, this::naiveTick));

        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "scheduler benchmark: %,d schedules stored, %d due per tick, %d measured ticks after %d warm-up%n",
                SCHEDULES,
                DUE,
                ROUNDS,
                WARMUP));
        text.append(line("day2ops tick (indexed due rows, one transaction)", ours));
        text.append(line("baseline: naive tick (scan all, fire one by one)", naive));
        text.append(String.format(
                Locale.ROOT,
                "ratio day2ops/naive (p50): %.3f; target <= 100 ms per tick with %d due: p50 %s, max %s%n",
                ours[0] / naive[0],
                DUE,
                ours[0] <= 100 ? "met" : "NOT met",
                ours[2] <= 100 ? "met" : "NOT met"));
        System.out.println();
        System.out.println(text);
        Path report = Path.of("target", "benchmarks", "scheduler.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, text.toString());
        await(pool.query("DELETE FROM schedule").execute());
    }

    /** p50, p95 and max of {@link #ROUNDS} ticks, each after making {@link #DUE} random schedules due. */
    private double[] measure(Supplier<Uni<Integer>> tick) {
        double[] millis = new double[ROUNDS];
        for (int round = -WARMUP; round < ROUNDS; round++) {
            makeDue();
            long start = System.nanoTime();
            int fired = await(tick.get());
            long nanos = System.nanoTime() - start;
            if (fired != DUE) {
                throw new IllegalStateException("tick fired " + fired + ", expected " + DUE);
            }
            if (round >= 0) {
                millis[round] = nanos / 1e6;
            }
        }
        Arrays.sort(millis);
        return new double[] {millis[ROUNDS / 2], millis[(int) Math.ceil(ROUNDS * 0.95) - 1], millis[ROUNDS - 1]};
    }

    private void makeDue() {
        String[] names = random.ints(0, SCHEDULES)
                .distinct()
                .limit(DUE)
                .mapToObj(i -> "bench-" + i)
                .toArray(String[]::new);
        await(pool.preparedQuery("UPDATE schedule SET next_fire_at = $2, last_fired_name = NULL WHERE name = ANY($1)")
                .execute(Tuple.of(names, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))));
    }

    /**
     * What a scheduler without the index and the batch does each tick: read every schedule, evaluate each in Java, and
     * fire each due one in a transaction of its own (its row moved on and its request in the outbox).
     */
    private Uni<Integer> naiveTick() {
        Instant now = Instant.now();
        return pool.query("SELECT name, cron, time_zone, template, next_fire_at, created_at FROM schedule")
                .execute()
                .chain(rows -> {
                    List<Uni<Void>> fires = new ArrayList<>();
                    for (Row row : rows) {
                        CronExpression cron = CronExpression.parse(row.getString("cron"), row.getString("time_zone"));
                        FirePlan plan = FirePlan.due(
                                cron,
                                row.getOffsetDateTime("next_fire_at").toInstant(),
                                now,
                                row.getOffsetDateTime("created_at").toInstant());
                        if (plan == null) {
                            continue;
                        }
                        String name = row.getString("name");
                        String template = row.getString("template");
                        Day2Event request;
                        try {
                            ObjectNode data = ScheduleStore.request(
                                    (ObjectNode) EventCodec.newObjectMapper().readTree(template), name, plan.slot());
                            request = codec.parse(EventType.BACKUP_REQUESTED, data.toString());
                        } catch (Exception e) {
                            return Uni.createFrom().failure(e);
                        }
                        // one transaction per schedule, each on a connection of its own, in parallel
                        fires.add(VertxContexts.onSafeContext(
                                vertx,
                                () -> Panache.withTransaction(() -> Panache.getSession()
                                        .chain(session -> session.createNativeQuery("UPDATE schedule SET"
                                                        + " next_fire_at = ?2, last_fired_at = ?3,"
                                                        + " last_fired_name = ?4 WHERE name = ?1")
                                                .setParameter(1, name)
                                                .setParameter(
                                                        2, OffsetDateTime.ofInstant(plan.nextFireAt(), ZoneOffset.UTC))
                                                .setParameter(3, OffsetDateTime.ofInstant(plan.slot(), ZoneOffset.UTC))
                                                .setParameter(4, ((BackupRequested) request).name())
                                                .executeUpdate())
                                        .chain(() -> outbox.publish(request))
                                        .replaceWithVoid())));
                    }
                    if (fires.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(fires).andFailFast().map(List::size);
                });
    }

    private static String line(String what, double[] figures) {
        return String.format(
                Locale.ROOT,
                "  %-52s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms%n",
                what,
                figures[0],
                figures[1],
                figures[2]);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
