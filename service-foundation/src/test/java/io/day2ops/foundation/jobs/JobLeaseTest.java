package io.day2ops.foundation.jobs;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.foundation.TestTransactions;
import io.day2ops.testing.Day2FlowTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job table's promises on a real database: a job is claimed by one worker at a time, a claim whose worker stops
 * heartbeating is claimed again after the lease, a heartbeat keeps it, and a worker whose claim was taken over cannot
 * end the job.
 */
@Day2FlowTest
class JobLeaseTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration SHORT_LEASE = Duration.ofSeconds(1);

    @Inject
    JobQueue queue;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    /** A kind no handler runs, so that only this test claims these jobs. */
    private final String kind = unique("lease");

    @Test
    void enqueueRecordsAJobOnceAndASecondWithTheSameNameChangesNothing() {
        List<Boolean> results = inTransaction(() -> queue.enqueue(kind, "backup-1", "{\"a\":1}")
                .chain(first -> queue.enqueue(kind, "backup-1", "{\"a\":2}").map(second -> List.of(first, second))));

        assertThat(results).containsExactly(true, false);
        assertThat(claim("worker-a", 10, SHORT_LEASE))
                .singleElement()
                .satisfies(job -> assertThat(job.payload()).isEqualTo("{\"a\":1}"));
    }

    @Test
    void aClaimedJobIsNotClaimedAgainWhileItsLeaseHolds() {
        enqueue("a", "b");

        List<ClaimedJob> first = claim("worker-a", 10, Duration.ofMinutes(5));
        List<ClaimedJob> second = claim("worker-b", 10, Duration.ofMinutes(5));

        assertThat(first).extracting(ClaimedJob::name).containsExactly("a", "b");
        assertThat(first).allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));
        assertThat(second).isEmpty();
    }

    @Test
    void aJobWhoseWorkerStoppedHeartbeatingIsClaimedAgainAfterTheLease() throws InterruptedException {
        enqueue("a");
        ClaimedJob lost = claim("worker-a", 1, SHORT_LEASE).get(0);

        Thread.sleep(SHORT_LEASE.plusMillis(500).toMillis()); // worker-a died: no heartbeat
        List<ClaimedJob> reclaimed = claim("worker-b", 1, SHORT_LEASE);

        assertThat(reclaimed).singleElement().satisfies(job -> {
            assertThat(job.id()).isEqualTo(lost.id());
            assertThat(job.owner()).isEqualTo("worker-b");
            assertThat(job.attempts()).isEqualTo(2);
        });
    }

    @Test
    void aHeartbeatKeepsTheClaim() throws InterruptedException {
        enqueue("a");
        List<ClaimedJob> held = claim("worker-a", 1, SHORT_LEASE);

        for (int beat = 0; beat < 4; beat++) {
            Thread.sleep(SHORT_LEASE.toMillis() / 2);
            queue.heartbeat(held).await().atMost(WAIT);
        }

        assertThat(claim("worker-b", 1, SHORT_LEASE)).isEmpty();
    }

    @Test
    void aWorkerWhoseClaimWasTakenOverCannotEndTheJobAndTheNewOwnerCan() throws InterruptedException {
        enqueue("a");
        ClaimedJob stale = claim("worker-a", 1, SHORT_LEASE).get(0);
        Thread.sleep(SHORT_LEASE.plusMillis(500).toMillis());
        ClaimedJob current = claim("worker-b", 1, SHORT_LEASE).get(0);

        assertThatThrownBy(() -> inTransaction(() -> queue.finish(stale, JobPhase.Completed, "done by a")))
                .isInstanceOf(LostJobException.class)
                .hasMessageContaining("a");
        inTransaction(() -> queue.finish(current, JobPhase.Completed, "done by b"));

        assertThat(row("a").await().atMost(WAIT))
                .containsEntry("phase", "Completed")
                .containsEntry("message", "done by b");
    }

    @Test
    void aReleasedJobIsNewAgainAndKeepsItsAttempts() {
        enqueue("a");
        ClaimedJob job = claim("worker-a", 1, Duration.ofMinutes(5)).get(0);

        queue.release(job, "cluster unreachable").await().atMost(WAIT);

        assertThat(row("a").await().atMost(WAIT))
                .containsEntry("phase", "New")
                .containsEntry("attempts", "1")
                .containsEntry("message", "cluster unreachable");
        assertThat(claim("worker-b", 1, Duration.ofMinutes(5)))
                .singleElement()
                .satisfies(again -> assertThat(again.attempts()).isEqualTo(2));
    }

    private <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) {
        return TestTransactions.inTransaction(vertx, work);
    }

    private List<ClaimedJob> claim(String owner, int limit, Duration lease) {
        return queue.claim(kind, owner, limit, lease).await().atMost(WAIT);
    }

    private void enqueue(String... names) {
        for (String name : names) {
            pool.preparedQuery("INSERT INTO job (kind, name, phase, payload, created_at) VALUES ($1, $2, 'New', '{}',"
                            + " now())")
                    .execute(Tuple.of(kind, name))
                    .await()
                    .atMost(WAIT);
        }
    }

    private Uni<Map<String, String>> row(String name) {
        return pool.preparedQuery("SELECT phase, attempts, message FROM job WHERE kind = $1 AND name = $2")
                .execute(Tuple.of(kind, name))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return Map.of(
                            "phase", row.getString("phase"),
                            "attempts", String.valueOf(row.getInteger("attempts")),
                            "message", String.valueOf(row.getString("message")));
                });
    }
}
