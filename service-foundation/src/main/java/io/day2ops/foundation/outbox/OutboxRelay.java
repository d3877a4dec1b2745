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
 * reach Kafka in commit order even with many replicas. A row whose send fails stays unsent and is retried; rows after
 * it with the same key are not stamped either, so order per key survives a partial failure (they may be sent twice;
 * consumers deduplicate on {@code ce_id}).
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
    private PollingLoop loop;
    private PgSubscriber subscriber;

    public OutboxRelay(
            @Channel("day2-outbox") MutinyEmitter<String> emitter,
            Pool pool,
            FoundationConfig config,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
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
                .preparedQuery("SELECT seq, event_id, topic, record_key, headers, payload FROM outbox_event"
                        + " WHERE sent_at IS NULL ORDER BY seq LIMIT $1")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    List<Uni<Throwable>> sends = new ArrayList<>();
                    for (Row row : batch) {
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
        return emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata));
    }

    /** Stamps what was acknowledged, keeping order per key; returns whether everything went out. */
    private Uni<Boolean> record(SqlConnection connection, List<Row> batch, List<Throwable> outcomes) {
        List<Long> sent = new ArrayList<>();
        Set<String> blockedKeys = new HashSet<>();
        Throwable firstFailure = null;
        List<Long> failed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            String key = row.getString("record_key");
            Throwable failure = outcomes.get(i);
            if (failure == null && !blockedKeys.contains(key)) {
                sent.add(row.getLong("seq"));
            } else {
                blockedKeys.add(key);
                if (failure != null) {
                    failed.add(row.getLong("seq"));
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
        }
        Uni<Void> stampSent = sent.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery("UPDATE outbox_event SET sent_at = now(), attempts = attempts + 1"
                                + " WHERE seq = ANY($1)")
                        .execute(Tuple.of(sent.toArray(new Long[0])))
                        .replaceWithVoid();
        if (failed.isEmpty()) {
            return stampSent.replaceWith(true);
        }
        String reason = String.valueOf(firstFailure);
        Log.warnf(
                "outbox relay: %d of %d events not acknowledged by Kafka, will retry: %s",
                failed.size(), batch.size(), reason);
        return stampSent
                .chain(() -> connection
                        .preparedQuery(
                                "UPDATE outbox_event SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1)")
                        .execute(Tuple.of(failed.toArray(new Long[0]), reason)))
                .replaceWith(false);
    }
}
