package io.day2ops.backup.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.testing.LocalEtcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots of a real etcd restored into a scratch etcd: a good one passes, a corrupt or mismatched one fails, named. */
class EtcdSnapshotVerifierTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static LocalEtcd etcd;
    private static Path snapshot;
    private static long revision;
    private static long keys;

    @BeforeAll
    static void snapshotARealEtcd() throws Exception {
        etcd = LocalEtcd.start();
        ByteSequence all = ByteSequence.from(new byte[] {0});
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            for (int i = 0; i < 300; i++) {
                client.getKVClient()
                        .put(
                                ByteSequence.from("/registry/configmaps/default/cm-" + i, StandardCharsets.UTF_8),
                                ByteSequence.from("value-" + i, StandardCharsets.UTF_8))
                        .get();
            }
            GetResponse count = client.getKVClient()
                    .get(
                            all,
                            GetOption.builder()
                                    .withRange(all)
                                    .withCountOnly(true)
                                    .build())
                    .get();
            revision = count.getHeader().getRevision();
            keys = count.getCount();
            snapshot = dir.resolve("snapshot.db");
            try (OutputStream out = Files.newOutputStream(snapshot)) {
                client.getMaintenanceClient().snapshot(out).get();
            }
        }
    }

    @AfterAll
    static void stop() {
        etcd.close();
    }

    @Test
    void aGoodSnapshotRestoresWithTheRecordedRevisionAndKeyCount() {
        EtcdSnapshotVerifier.Outcome outcome = EtcdSnapshotVerifier.verify(snapshot, revision, keys, true, TIMEOUT);

        assertThat(outcome.passed()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("revision " + revision, keys + " keys");
    }

    @Test
    void aSnapshotWithAByteFlippedIsRefusedNamingTheIntegrityCheck() throws Exception {
        Path corrupt = dir.resolve("corrupt.db");
        Files.copy(snapshot, corrupt);
        try (RandomAccessFile file = new RandomAccessFile(corrupt.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0xFF);
        }

        EtcdSnapshotVerifier.Outcome outcome = EtcdSnapshotVerifier.verify(corrupt, revision, keys, true, TIMEOUT);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.message())
                .startsWith("snapshot restore refused the file: ")
                .contains("expected sha256");
    }

    @Test
    void aSnapshotThatDoesNotMatchWhatWasRecordedFailsSayingWhat() {
        EtcdSnapshotVerifier.Outcome outcome =
                EtcdSnapshotVerifier.verify(snapshot, revision + 5, keys + 1, true, TIMEOUT);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.message())
                .contains(keys + " keys, " + (keys + 1) + " recorded")
                .contains("revision " + revision + ", " + (revision + 5) + " recorded");
    }

    @Test
    void aSnapshotTakenWhileEtcdWasWrittenToPassesWithANewerRevisionButNotAnOlderOne() {
        EtcdSnapshotVerifier.Outcome newer =
                EtcdSnapshotVerifier.verify(snapshot, revision - 2, keys - 1, false, TIMEOUT);
        EtcdSnapshotVerifier.Outcome older = EtcdSnapshotVerifier.verify(snapshot, revision + 1, keys, false, TIMEOUT);

        assertThat(newer.passed()).as(newer.message()).isTrue();
        assertThat(newer.message()).contains("written to while it streamed");
        assertThat(older.passed()).isFalse();
    }

    @Test
    void aMissingSnapshotIsNamed() {
        assertThat(EtcdSnapshotVerifier.verify(dir.resolve("nope.db"), 1, 1, true, TIMEOUT)
                        .message())
                .endsWith("nope.db does not exist");
    }
}
