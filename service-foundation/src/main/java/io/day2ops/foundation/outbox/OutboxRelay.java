package io.day2ops.foundation.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.foundation.runtime.FoundationConfig;
import io.day2ops.foundation.runtime.PollingLoop;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends outbox rows to Kafka in the order they were written (acks=all, idempotent producer) and stamps them sent.
 *
 * <p>One instance relays at a time (a transaction-scoped PostgreSQL advisory lock), so events with the same key
 * reach Kafka in commit order even with many replicas. A row whose send fails stays unsent; rows after it with the
 * same key are not stamped either, so order per key survives a partial failure (they may be sent twice; consumers
 * deduplicate on {@code ce_id}). Failures are classified: one the broker will never accept (a record too large, one
 * that cannot be serialized) parks the row with the reason ({@code parked_at}, {@code last_error}, {@link
 * OutboxResource}, {@code day2_outbox_parked}) and its key's later rows wait behind it until an operator retries or
 * discards it, while every other key goes on; any other failure is retried after an exponential backoff ({@code
 * next_attempt_at}, up to {@code day2.outbox.max-backoff}). A round waits at most {@code day2.outbox.send-timeout} for
 * acknowledgements.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Any fixed number: the advisory lock that makes one relay at a time. */
    private static final long RELAY_LOCK = 0x6461793252454CL;

    /** The channel {@code db/foundation/V0_2__outbox_notify.sql} notifies on commit. */
    private static final String NOTIFY_CHANNEL = "day2_outbox";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {};

    private final MutinyEmitter<String> emitter;
    private final Pool pool;
    private final FoundationConfig config;
    private final Vertx vertx;
    private final String reactiveUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final long maxRequestSize;
    private final TopicLimits topicLimits;
    private PollingLoop loop;
    private PgSubscriber subscriber;

    public OutboxRelay(
            @Channel("day2-outbox") MutinyEmitter<String> emitter,
            Pool pool,
            FoundationConfig config,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "mp.messaging.outgoing.day2-outbox.max.request.size", defaultValue = "1048576")
                    long maxRequestSize,
            TopicLimits topicLimits) {
        this.maxRequestSize = maxRequestSize;
        this.topicLimits = topicLimits;
        this.emitter = emitter;
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.outbox().enabled()) {
            Log.info("outbox relay disabled on this instance (day2.outbox.enabled=false)");
            return;
        }
        loop = new PollingLoop("outbox relay", vertx, config.outbox().pollInterval(), this::relayOnce);
        loop.start();
        listen();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /**
     * Listens for the NOTIFY that the outbox table's trigger sends when a transaction that wrote events commits, and
     * runs a round right then. Without it (connection lost, being re-established) the relay still polls.
     */
    private void listen() {
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""));
        } catch (RuntimeException e) {
            Log.warnf(
                    "outbox relay: cannot listen for commits (%s); polling every %s",
                    e, config.outbox().pollInterval());
            return;
        }
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(io.vertx.mutiny.core.Vertx.newInstance(vertx), options)
                .reconnectPolicy(retries -> 1_000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> loop.wakeUp());
        subscriber
                .connect()
                .subscribe()
                .with(
                        ok -> Log.debug("outbox relay: listening for committed events"),
                        failure -> Log.warnf(
                                "outbox relay: cannot listen for commits (%s); polling every %s",
                                failure, config.outbox().pollInterval()));
    }

    /** One round: sends up to a batch of unsent rows. Its item says whether a full batch was sent (more may wait). */
    public Uni<Boolean> relayOnce() {
        int batchSize = config.outbox().batchSize();
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK))
                .chain(locked -> locked.iterator().next().getBoolean(0)
                        ? relayBatch(connection, batchSize)
                        : Uni.createFrom().item(false)));
    }

    private Uni<Boolean> relayBatch(SqlConnection connection, int batchSize) {
        return connection
                .preparedQuery("SELECT seq, event_id, topic, record_key, headers, payload, attempts FROM outbox_event o"
                        + " WHERE sent_at IS NULL AND parked_at IS NULL"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= now())"
                        // an earlier row of the same key that is parked or waiting for its retry holds this one
                        + " AND NOT EXISTS (SELECT 1 FROM outbox_event e WHERE e.sent_at IS NULL"
                        + " AND e.record_key = o.record_key AND e.seq < o.seq"
                        + " AND (e.parked_at IS NOT NULL OR e.next_attempt_at > now()))"
                        + " ORDER BY seq LIMIT $1")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    List<Uni<Throwable>> sends = new ArrayList<>();
                    Set<String> held = new HashSet<>();
                    for (Row row : batch) {
                        String key = row.getString("record_key");
                        Throwable refusal = held.contains(key) ? HELD : refusal(row);
                        if (refusal == WAITING) {
                            held.add(key); // its topic's limit is being read; the lookup wakes the relay
                            sends.add(Uni.createFrom().item(HELD));
                            continue;
                        }
                        if (refusal != null) {
                            // never sent, nor anything after it of its key in this round: order per key holds
                            held.add(key);
                            sends.add(Uni.createFrom().item(refusal));
                            continue;
                        }
                        sends.add(send(row)
                                .replaceWith((Throwable) null)
                                .onFailure()
                                .recoverWithItem(failure -> failure));
                    }
                    return Uni.join()
                            .all(sends)
                            .andFailFast()
                            .chain(outcomes -> record(connection, batch, outcomes))
                            .map(sentAll -> sentAll && batch.size() == batchSize);
                });
    }

    private Uni<Void> send(Row row) {
        Map<String, String> headers;
        try {
            headers = JSON.readValue(row.getString("headers"), HEADER_MAP);
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, value) -> kafkaHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(kafkaHeaders)
                .build();
        java.time.Duration timeout = config.outbox().sendTimeout();
        return emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata))
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new java.util.concurrent.TimeoutException(
                        "no acknowledgement from Kafka within " + timeout + " (day2.outbox.send-timeout)"));
    }

    /** A row not sent this round because an earlier row of its key was not. */
    private static final Throwable HELD = new IllegalStateException("held behind an earlier event of its key");

    /** A row not sent this round because its topic's max.message.bytes is being read. */
    private static final Throwable WAITING = new IllegalStateException("waiting for its topic's max.message.bytes");

    /**
     * Why this row cannot be sent as it is, found before sending: headers that do not parse, a record over the
     * producer's {@code max.request.size} or over its topic's {@code max.message.bytes} (which the producer would
     * otherwise split and retry without end). Checked first so that nothing after it of its key is sent either.
     * {@link #WAITING} while the topic's limit is not known yet.
     */
    private Throwable refusal(Row row) {
        try {
            JSON.readValue(row.getString("headers"), HEADER_MAP);
        } catch (Exception e) {
            return e;
        }
        long size = utf8Length(row.getString("payload"))
                + utf8Length(row.getString("record_key"))
                + utf8Length(row.getString("headers"))
                + RECORD_OVERHEAD;
        if (size > maxRequestSize) {
            return new org.apache.kafka.common.errors.RecordTooLargeException("event " + row.getString("event_id")
                    + " is about " + size + " bytes serialized, over the producer's max.request.size of "
                    + maxRequestSize + " bytes (raise it and the topic's max.message.bytes, then retry it)");
        }
        String topic = row.getString("topic");
        long topicLimit = topicLimits.limit(topic, this::wakeUp);
        if (topicLimit == TopicLimits.UNKNOWN) {
            return WAITING;
        }
        if (size > topicLimit) {
            return new org.apache.kafka.common.errors.RecordTooLargeException("event " + row.getString("event_id")
                    + " is about " + size + " bytes serialized, over topic " + topic + "'s max.message.bytes of "
                    + topicLimit + " bytes (raise the topic's limit, then retry it)");
        }
        return null;
    }

    private void wakeUp() {
        if (loop != null) {
            loop.wakeUp();
        }
    }

    /** Bytes a record takes beyond its key, value and headers (batch and record framing), with room to spare. */
    private static final int RECORD_OVERHEAD = 512;

    private static long utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether the broker will never take this record as it is: retrying cannot help, an operator must act. */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                    || t instanceof org.apache.kafka.common.InvalidRecordException
                    || t instanceof org.apache.kafka.common.errors.InvalidTopicException
                    || t instanceof org.apache.kafka.common.errors.SerializationException
                    || t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stamps what was acknowledged, keeping order per key; parks the rows the broker will never take and schedules
     * the next try of the others. Returns whether everything went out.
     */
    private Uni<Boolean> record(SqlConnection connection, List<Row> batch, List<Throwable> outcomes) {
        List<Long> sent = new ArrayList<>();
        Set<String> blockedKeys = new HashSet<>();
        List<Object[]> parked = new ArrayList<>();
        List<Object[]> retried = new ArrayList<>();
        Throwable firstFailure = null;
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            String key = row.getString("record_key");
            Throwable failure = outcomes.get(i);
            if (failure == HELD) {
                blockedKeys.add(key);
                continue;
            }
            if (failure == null && !blockedKeys.contains(key)) {
                sent.add(row.getLong("seq"));
                continue;
            }
            blockedKeys.add(key);
            if (failure == null) {
                continue; // sent, but after a failed row of its key: sent again later, in order
            }
            firstFailure = firstFailure == null ? failure : firstFailure;
            String reason = firstLine(failure);
            if (permanent(failure)) {
                parked.add(new Object[] {row.getLong("seq"), reason});
                Log.errorf(
                        "outbox relay: event %s (seq %d, topic %s, key %s) parked, the broker will not take it: %s."
                                + " Later events of key %s wait until it is retried or discarded (GET /outbox/parked)",
                        row.getString("event_id"), row.getLong("seq"), row.getString("topic"), key, reason, key);
            } else {
                topicLimits.forget(row.getString("topic")); // read the topic's limit again before the next try
                long millis = Math.min(
                        config.outbox().maxBackoff().toMillis(), 250L << Math.min(20, row.getInteger("attempts")));
                retried.add(new Object[] {row.getLong("seq"), reason, millis / 1000.0});
            }
        }
        Uni<Void> stampSent = sent.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("UPDATE outbox_event SET sent_at = now(), attempts = attempts + 1,"
                                + " next_attempt_at = NULL WHERE seq = ANY($1)")
                        .execute(Tuple.of(sent.toArray(new Long[0])))
                        .replaceWithVoid();
        if (parked.isEmpty() && retried.isEmpty()) {
            return stampSent.replaceWith(true);
        }
        if (!retried.isEmpty()) {
            Log.warnf(
                    "outbox relay: %d of %d events not acknowledged by Kafka, retried after a backoff: %s",
                    retried.size(), batch.size(), firstLine(firstFailure));
        }
        Uni<Void> updates = stampSent;
        for (Object[] row : parked) {
            updates = updates.chain(() -> connection
                    .preparedQuery("UPDATE outbox_event SET attempts = attempts + 1, last_error = $2, parked_at = now()"
                            + " WHERE seq = $1")
                    .execute(Tuple.of(row[0], row[1]))
                    .replaceWithVoid());
        }
        for (Object[] row : retried) {
            updates = updates.chain(() -> connection
                    .preparedQuery("UPDATE outbox_event SET attempts = attempts + 1, last_error = $2,"
                            + " next_attempt_at = now() + make_interval(secs => $3) WHERE seq = $1")
                    .execute(Tuple.of(row[0], row[1], row[2]))
                    .replaceWithVoid());
        }
        return updates.replaceWith(false);
    }

    /** The failure's class and message, without the stack: what an operator reads in the row and the log. */
    static String firstLine(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getName() + ": " + root.getMessage();
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
