package io.day2ops.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The envelope: data keys wrapped by the keyring, documents and streamed parts bound to where they belong. */
class EnvelopeEncryptionTest {

    private static final String KEY_A = key(1);
    private static final String KEY_B = key(2);

    private final byte[] dataKey = Keyring.newDataKey();
    private final EnvelopeSealer sealer = new EnvelopeSealer(dataKey, "nightly", "prod");

    @Test
    void aStreamedPartRoundTripsAcrossChunksAndNeverHoldsThePlaintext() throws IOException {
        byte[] plain = new byte[200 * 1024 + 17];
        new Random(7).nextBytes(plain);
        System.arraycopy("etcd-secret-value".getBytes(), 0, plain, 1000, 17);

        byte[] sealed = seal(plain, "etcd/snapshot.db");

        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("D2S1")
                .doesNotContain("etcd-secret-value");
        assertThat(open(sealer, sealed, "etcd/snapshot.db")).isEqualTo(plain);
        assertThat(open(sealer, seal(new byte[0], "empty"), "empty")).isEmpty();
    }

    @Test
    void aStreamedPartAlteredCutShortOrMovedDoesNotOpen() throws IOException {
        byte[] plain = new byte[150 * 1024];
        new Random(3).nextBytes(plain);
        byte[] sealed = seal(plain, "etcd/snapshot.db");

        byte[] flipped = sealed.clone();
        flipped[sealed.length / 2] ^= 1;
        assertThatThrownBy(() -> open(sealer, flipped, "etcd/snapshot.db")).hasMessageContaining("cannot be decrypted");

        // the last chunk dropped: every chunk left is genuine, yet the end is missing
        byte[] cut = Arrays.copyOf(sealed, 12 + 2 * (4 + 64 * 1024 + 16));
        assertThatThrownBy(() -> open(sealer, cut, "etcd/snapshot.db")).hasMessageContaining("cut short");

        assertThatThrownBy(() -> open(sealer, sealed, "etcd/other.db"))
                .as("another path")
                .hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> open(new EnvelopeSealer(dataKey, "weekly", "prod"), sealed, "etcd/snapshot.db"))
                .as("another backup")
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aDataKeyWrappedByTheActiveKeyOpensWithAnyRingHoldingThatKeyAndOnlyForItsBackup() {
        Keyring both = Keyring.configured(Map.of("a", KEY_A, "b", KEY_B), Optional.of("b"), Optional.empty());
        Keyring onlyA = Keyring.configured(Map.of("a", KEY_A), Optional.empty(), Optional.empty());
        String context = BackupKeys.context("nightly", "prod");

        DataKey wrapped = both.wrap(dataKey, context);

        assertThat(wrapped.keyId()).isEqualTo("b");
        assertThat(both.unwrap(List.of(wrapped), context)).isEqualTo(dataKey);
        assertThatThrownBy(() -> onlyA.unwrap(List.of(wrapped), context))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("needs master key b")
                .hasMessageContaining("[a]");
        assertThatThrownBy(() -> both.unwrap(List.of(wrapped), BackupKeys.context("weekly", "prod")))
                .hasMessageContaining("moved from another backup");
        // re-wrapped under a: the ring of a alone opens it now
        DataKey rewrapped = both.wrap(both.unwrap(List.of(wrapped), context), context, "a");
        assertThat(onlyA.unwrap(List.of(rewrapped), context)).isEqualTo(dataKey);
    }

    @Test
    void aKeyringThatCannotSayWhichKeyIsActiveOrHoldsABadKeyNamesTheSetting() {
        assertThatThrownBy(() -> Keyring.configured(Map.of("a", KEY_A, "b", KEY_B), Optional.empty(), Optional.empty()))
                .hasMessageContaining("day2.backup.active-key");
        assertThatThrownBy(() -> Keyring.configured(Map.of("a", KEY_A), Optional.of("c"), Optional.empty()))
                .hasMessageContaining("'c', which is not in the keyring [a]");
        assertThatThrownBy(() -> Keyring.configured(Map.of("a", "c2hvcnQ="), Optional.empty(), Optional.empty()))
                .hasMessageContaining("day2.backup.keys.a must be 32 bytes");
        Keyring legacy = Keyring.configured(Map.of(), Optional.empty(), Optional.of(KEY_A));
        assertThat(legacy.activeId()).isEqualTo(Keyring.idOf(Base64.getDecoder().decode(KEY_A)));
    }

    private byte[] seal(byte[] plain, String path) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream out = sealer.encrypting(stored, path)) {
            // uneven writes, as a snapshot stream makes them
            for (int i = 0; i < plain.length; i += 1000) {
                out.write(plain, i, Math.min(1000, plain.length - i));
            }
        }
        return stored.toByteArray();
    }

    private static byte[] open(EnvelopeSealer sealer, byte[] sealed, String path) throws IOException {
        try (InputStream in = sealer.decrypting(new ByteArrayInputStream(sealed), path)) {
            return in.readAllBytes();
        }
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
