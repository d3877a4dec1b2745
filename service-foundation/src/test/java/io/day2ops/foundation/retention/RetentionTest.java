package io.day2ops.foundation.retention;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.foundation.TestTransactions;
import io.day2ops.testing.Day2FlowTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real database: sent outbox rows, inbox ids and ended jobs older than the period go, in batches;
 * anything unsent, parked, running or recent stays.
 */
@Day2FlowTest
class RetentionTest {

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    @Test
    void oldDeliveryRowsArePrunedAndNothingUnfinishedOrRecentIs() {
        String tag = unique("retention");
        outbox(tag + "-old-sent", "now() - interval '8 days'", "now() - interval '8 days'", null);
        outbox(tag + "-old-unsent", "now() - interval '8 days'", "NULL", null);
        outbox(tag + "-old-parked", "now() - interval '8 days'", "NULL", "now() - interval '8 days'");
        outbox(tag + "-recent-sent", "now()", "now()", null);
        update("INSERT INTO inbox_event (consumer, event_id, topic, received_at) VALUES" + " ('" + tag
                + "', 'old', 't', now() - interval '8 days'), ('" + tag + "', 'new', 't', now())");
        update("INSERT INTO job (kind, name, phase, payload, created_at, finished_at) VALUES"
                + " ('" + tag
                + "', 'old-done', 'Completed', '{}', now() - interval '9 days', now() - interval '8 days'),"
                + " ('" + tag
                + "', 'old-failed', 'Failed', '{}', now() - interval '9 days', now() - interval '8 days'),"
                + " ('" + tag + "', 'old-running', 'InProgress', '{}', now() - interval '9 days', NULL),"
                + " ('" + tag + "', 'new-done', 'Completed', '{}', now(), now())");

        var pruned = retention.pruneOnce().await().atMost(TestTransactions.WAIT);

        assertThat(pruned.get("outbox_event")).isGreaterThanOrEqualTo(1);
        assertThat(names("SELECT event_id FROM outbox_event WHERE event_id LIKE $1", tag + "%"))
                .containsExactlyInAnyOrder(tag + "-old-unsent", tag + "-old-parked", tag + "-recent-sent");
        assertThat(names("SELECT event_id FROM inbox_event WHERE consumer = $1", tag))
                .containsExactly("new");
        assertThat(names("SELECT name FROM job WHERE kind = $1", tag))
                .containsExactlyInAnyOrder("old-running", "new-done");
    }

    private void outbox(String id, String createdAt, String sentAt, String parkedAt) {
        update("INSERT INTO outbox_event (event_id, topic, record_key, ce_type, headers, payload, created_at, sent_at,"
                + " parked_at) VALUES ('" + id + "', 'retention.test', 'k', 't', '{}', '{}', " + createdAt + ", "
                + sentAt + ", " + (parkedAt == null ? "NULL" : parkedAt) + ")");
    }

    private void update(String sql) {
        pool.query(sql).execute().await().atMost(TestTransactions.WAIT);
    }

    private List<String> names(String sql, String parameter) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(parameter))
                .map(rows -> {
                    List<String> list = new java.util.ArrayList<>();
                    rows.forEach(row -> list.add(row.getString(0)));
                    return list;
                })
                .await()
                .atMost(TestTransactions.WAIT);
    }
}
