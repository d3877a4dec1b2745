package io.day2ops.foundation.jobs;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.foundation.TestTransactions;
import io.day2ops.testing.Day2FlowTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch side of the job queue (claim many, settle many, give back the rest) on a real database. */
@Day2FlowTest
class JobQueueBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Inject
    JobQueue queue;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    /** A kind no handler runs, so that only this test claims these jobs. */
    private final String kind = unique("test");

    @Test
    void unclaimedJobsGoBackAsNewWithoutSpendingAnAttempt() {
        enqueue(3);
        List<ClaimedJob> claimed =
                queue.claim(kind, "worker-a", 3, LEASE).await().atMost(WAIT);
        assertThat(claimed)
                .hasSize(3)
                .allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));

        queue.unclaim(claimed.subList(1, 3)).await().atMost(WAIT);

        assertThat(phases()).containsExactly("InProgress/1/worker-a", "New/0/null", "New/0/null");
        List<ClaimedJob> again =
                queue.claim(kind, "worker-b", 10, LEASE).await().atMost(WAIT);
        assertThat(again).extracting(ClaimedJob::attempts).containsExactly(1, 1);
    }

    @Test
    void finishAllEndsEveryJobInOneStatement() {
        enqueue(3);
        List<ClaimedJob> claimed =
                queue.claim(kind, "worker-a", 3, LEASE).await().atMost(WAIT);
        List<JobOutcome> outcomes = new ArrayList<>();
        claimed.forEach(job -> outcomes.add(new JobOutcome(job, JobPhase.Failed, "reason of " + job.name())));

        TestTransactions.inTransaction(vertx, () -> queue.finishAll(outcomes));

        assertThat(phases()).containsExactly("Failed/1/worker-a", "Failed/1/worker-a", "Failed/1/worker-a");
        assertThat(messages())
                .containsExactly("reason of " + kind + "-0", "reason of " + kind + "-1", "reason of " + kind + "-2");
    }

    @Test
    void finishAllChangesNothingWhenAnotherWorkerTookOneOfTheJobsOver() {
        enqueue(3);
        List<ClaimedJob> claimed =
                queue.claim(kind, "worker-a", 3, LEASE).await().atMost(WAIT);
        // worker-a's lease ran out on the second job and worker-b claimed it.
        pool.preparedQuery("UPDATE job SET owner = 'worker-b', attempts = attempts + 1 WHERE id = $1")
                .execute(Tuple.of(claimed.get(1).id()))
                .await()
                .atMost(WAIT);
        List<JobOutcome> outcomes = new ArrayList<>();
        claimed.forEach(job -> outcomes.add(new JobOutcome(job, JobPhase.Completed, null)));

        assertThatThrownBy(() -> TestTransactions.inTransaction(vertx, () -> queue.finishAll(outcomes)))
                .isInstanceOf(LostJobException.class)
                .hasMessageContaining(kind + "-1");

        assertThat(phases()).containsExactly("InProgress/1/worker-a", "InProgress/2/worker-b", "InProgress/1/worker-a");
    }

    private void enqueue(int count) {
        for (int i = 0; i < count; i++) {
            pool.preparedQuery("INSERT INTO job (kind, name, phase, payload, created_at) VALUES ($1, $2, 'New', '{}',"
                            + " now())")
                    .execute(Tuple.of(kind, kind + "-" + i))
                    .await()
                    .atMost(WAIT);
        }
    }

    private List<String> phases() {
        List<String> phases = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT phase, attempts, owner FROM job WHERE kind = $1 ORDER BY id")
                .execute(Tuple.of(kind))
                .await()
                .atMost(WAIT)) {
            phases.add(row.getString("phase") + "/" + row.getInteger("attempts") + "/" + row.getString("owner"));
        }
        return phases;
    }

    private List<String> messages() {
        List<String> messages = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT message FROM job WHERE kind = $1 ORDER BY id")
                .execute(Tuple.of(kind))
                .await()
                .atMost(WAIT)) {
            messages.add(row.getString("message"));
        }
        return messages;
    }
}
