package io.day2ops.backup.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.events.HookResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What of a hook may be published: plain Java. */
class HookPolicyTest {

    private final HookPolicy redaction = HookPolicy.defaults();

    @Test
    void passwordsInCommandsAreMaskedWhereverTheyStand() {
        assertThat(redaction.redact(List.of("mysqldump", "-uroot", "-pS3cr3t", "--all-databases")))
                .containsExactly("mysqldump", "-uroot", "-p***", "--all-databases");
        assertThat(redaction.redact(List.of("pg_dump", "--password", "S3cr3t", "app")))
                .containsExactly("pg_dump", "--password", "***", "app");
        assertThat(redaction.redact(List.of("vault", "login", "--token=s.abc123", "-method=token")))
                .containsExactly("vault", "login", "--token=***", "-method=token");
        assertThat(redaction.redact(List.of("/bin/sh", "-c", "PGPASSWORD='S3cr3t' pg_dump -h db --db-password x app")))
                .containsExactly("/bin/sh", "-c", "PGPASSWORD=*** pg_dump -h db --db-password *** app");
        assertThat(redaction.redact(
                        List.of("curl", "-H", "Authorization: Bearer eyJhbGciOi.payload.sig", "https://u:pw@h/")))
                .containsExactly("curl", "-H", "Authorization: Bearer ***", "https://u:***@h/");
    }

    @Test
    void harmlessCommandsStayAsTheyAre() {
        List<String> freeze = List.of("/sbin/fsfreeze", "--freeze", "/var/lib/data");
        assertThat(redaction.redact(freeze)).isEqualTo(freeze);
        assertThat(redaction.redact("flushed 42 tables in 3s")).isEqualTo("flushed 42 tables in 3s");
    }

    @Test
    void outputsArePublishedOnlyWhenTheHookOptsInAndThenRedacted() {
        HookResult full = new HookResult(
                "dump",
                "pre",
                "shop",
                "db-0",
                "db",
                List.of("dump", "--password", "S3cr3t"),
                1,
                "Failed",
                "Fail",
                "connecting with password: S3cr3t\napi_key=AKIA123 denied");

        HookResult quiet = redaction.published(full, false);
        assertThat(quiet.command()).containsExactly("dump", "--password", "***");
        assertThat(quiet.output()).isEmpty();
        assertThat(quiet.exitCode()).isEqualTo(1);

        HookResult opted = redaction.published(full, true);
        assertThat(opted.output()).isEqualTo("connecting with password: ***\napi_key=*** denied");
    }

    @Test
    void configuredPatternsAddToTheDefaultsAndABadOneIsRefused() {
        HookPolicy custom = new HookPolicy(List.of("(?i)license (?<secret>[A-Z0-9-]{8,})", "ssn-\\d{3}"));
        assertThat(custom.redact("license ABCD-1234-EFGH for ssn-123, password=x"))
                .isEqualTo("license *** for ***, password=***");
        assertThatThrownBy(() -> new HookPolicy(List.of("(unclosed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("day2.backup.hooks.redact-patterns")
                .hasMessageContaining("(unclosed");
    }

    @Test
    void withHooksOffNothingIsExecutedAndTheHookFailsSayingWhy() throws Exception {
        HookExecutor off = new HookExecutor(null, new HookPolicy(false, List.of())); // a client would be an exec
        com.fasterxml.jackson.databind.JsonNode pod = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"metadata\": {\"namespace\": \"shop\", \"name\": \"db-0\"},"
                        + " \"spec\": {\"containers\": [{\"name\": \"db\"}]}}");
        ExecSpec spec = new ExecSpec(
                "flush",
                "pre",
                null,
                List.of("flush", "--token", "t0k"),
                true,
                java.time.Duration.ofSeconds(5),
                null,
                false);

        HookResult result = off.run(pod, spec);

        assertThat(result.outcome()).isEqualTo("Failed");
        assertThat(result.output()).isEqualTo(HookPolicy.DISABLED);
        assertThat(result.command()).containsExactly("flush", "--token", "***");
        assertThat(result.container()).isEqualTo("db");
        assertThat(off.kept())
                .singleElement()
                .satisfies(kept -> assertThat(kept.command()).containsExactly("flush", "--token", "t0k"));
    }
}
