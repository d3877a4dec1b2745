package io.day2ops.foundation.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which facts are believed: plain Java, no Quarkus. */
class ProducerTrustTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String BACKUP_SERVICE = "/day2ops/backup-service";

    private final ProducerTrust trust = new ProducerTrust(
            Map.of(EventType.SNAPSHOT_TAKEN.ceType(), List.of(BACKUP_SERVICE)),
            Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFactFromItsProducerDatedNowIsBelieved() {
        assertThat(trust.refusal(snapshot(BACKUP_SERVICE, NOW, NOW.minusSeconds(60))))
                .isNull();
    }

    @Test
    void aFactFromAnotherSourceIsRefusedNamingWhoMayPublishIt() {
        assertThat(trust.refusal(snapshot("/attacker", NOW, NOW.minusSeconds(60))))
                .contains("untrusted producer", "'/attacker'", BACKUP_SERVICE);
    }

    @Test
    void aFactDatedInTheFutureIsRefusedEvenFromItsProducer() {
        assertThat(trust.refusal(snapshot(BACKUP_SERVICE, NOW, Instant.parse("2099-01-01T00:00:00Z"))))
                .contains("dated in the future", "dataTimestamp");
        assertThat(trust.refusal(snapshot(BACKUP_SERVICE, NOW.plus(Duration.ofHours(1)), NOW)))
                .contains("dated in the future", "ce_time");
        assertThat(trust.refusal(snapshot(BACKUP_SERVICE, NOW.plus(Duration.ofMinutes(4)), NOW)))
                .as("within the clock skew")
                .isNull();
    }

    @Test
    void requestsAreNotJudgedHere() {
        CloudEvent<?> request = CloudEvent.of(
                "r-1",
                "/anyone",
                NOW,
                BackupRequestedBuilder.backupRequested()
                        .name("r-1")
                        .cluster("primary")
                        .build());
        assertThat(trust.refusal(request)).isNull();
    }

    @Test
    void everyTypeTheDefaultsNameIsAnEventTypeAndEveryProducerAService() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        List<String> keys = defaults.stringPropertyNames().stream()
                .filter(key -> key.startsWith("day2.trust.producers."))
                .toList();
        assertThat(keys).hasSize(13);
        for (String key : keys) {
            String type = key.substring("day2.trust.producers.".length()).replace("\"", "");
            assertThat(EventType.byCeType(type)).as(key).isPresent();
            assertThat(defaults.getProperty(key)).matches("/day2ops/(backup|upgrade|dr|scheduler)-service");
        }
    }

    private static CloudEvent<?> snapshot(String source, Instant time, Instant dataTimestamp) {
        return CloudEvent.of(
                "e-1",
                source,
                time,
                SnapshotTakenBuilder.completed("b-1", "primary", NOW.minusSeconds(60))
                        .dataTimestamp(dataTimestamp)
                        .build());
    }
}
