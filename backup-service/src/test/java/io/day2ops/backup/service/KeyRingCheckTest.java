package io.day2ops.backup.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.backup.crypto.Keyring;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A master key may leave the ring only when no backup needs it; the service says which ones do. */
class KeyRingCheckTest {

    private static final String A = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
    private static final String B = "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=";

    @Test
    void removingAKeyThatABackupStillNeedsIsRefusedNamingTheBackup() {
        Keyring onlyB = Keyring.configured(Map.of("b", B), Optional.empty(), Optional.empty());
        Map<String, List<String>> usage = Map.of("a", List.of("nightly-1"), "b", List.of("nightly-2"));

        KeyRotation.KeyReport report = KeyRotation.report(onlyB, usage);

        assertThat(report.missing()).containsOnly(Map.entry("a", List.of("nightly-1")));
        assertThat(KeyRotation.refusal(report))
                .contains("key a by 1 backups [nightly-1]")
                .contains("rewrap to the active key before removing one");
    }

    @Test
    void afterARewrapNothingNeedsTheOldKeyAndItMayGo() {
        Keyring both = Keyring.configured(Map.of("a", A, "b", B), Optional.of("b"), Optional.empty());
        Keyring onlyB = Keyring.configured(Map.of("b", B), Optional.empty(), Optional.empty());
        Map<String, List<String>> rewrapped = Map.of("b", List.of("nightly-1", "nightly-2"));

        assertThat(KeyRotation.report(both, rewrapped).keys()).containsEntry("a", List.of());
        assertThat(KeyRotation.refusal(KeyRotation.report(onlyB, rewrapped))).isNull();
    }
}
