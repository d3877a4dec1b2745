package io.day2ops.backup.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupHooks;
import io.day2ops.events.BackupResourceHook;
import io.day2ops.events.BackupResourceHookSpec;
import io.day2ops.events.ExecHook;
import io.day2ops.events.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodHooksTest {

    private static final BackupHooks FLUSH = new BackupHooks(List.of(
            new BackupResourceHookSpec(
                    "flush",
                    List.of("prod-*"),
                    List.of("prod-scratch"),
                    new LabelSelector(Map.of("app", "db"), null),
                    List.of(new BackupResourceHook(
                            new ExecHook("db", List.of("psql", "-c", "CHECKPOINT"), null, "2m"))),
                    List.of()),
            new BackupResourceHookSpec(
                    "sync",
                    List.of(),
                    List.of(),
                    null,
                    List.of(new BackupResourceHook(new ExecHook(null, List.of("sync"), "Continue", null))),
                    List.of())));

    @Test
    void annotationsWinOverTheRequestAndReadVeleroSpelling() {
        JsonNode pod = pod(
                "prod-eu",
                Map.of("app", "db"),
                Map.of(
                        "pre.hook.backup.velero.io/command", "[\"/sbin/fsfreeze\", \"--freeze\", \"/data\"]",
                        "pre.hook.backup.velero.io/container", "fsfreeze",
                        "pre.hook.backup.velero.io/on-error", "Continue",
                        "pre.hook.backup.velero.io/timeout", "90s"));

        assertThat(PodHooks.forBackup(pod, FLUSH, "pre"))
                .containsExactly(new ExecSpec(
                        PodHooks.ANNOTATED,
                        "pre",
                        "fsfreeze",
                        List.of("/sbin/fsfreeze", "--freeze", "/data"),
                        false,
                        Duration.ofSeconds(90),
                        null,
                        false));
        assertThat(PodHooks.forBackup(pod, FLUSH, "post"))
                .as("no post annotation: the request's post hooks (none here)")
                .isEmpty();
    }

    @Test
    void requestHooksApplyByNamespaceGlobExclusionAndLabels() {
        assertThat(PodHooks.forBackup(pod("prod-eu", Map.of("app", "db"), Map.of()), FLUSH, "pre"))
                .extracting(ExecSpec::hook, ExecSpec::failOnError, ExecSpec::timeout)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("flush", true, Duration.ofMinutes(2)),
                        org.assertj.core.groups.Tuple.tuple("sync", false, Duration.ofSeconds(30)));
        assertThat(PodHooks.forBackup(pod("prod-scratch", Map.of("app", "db"), Map.of()), FLUSH, "pre"))
                .extracting(ExecSpec::hook)
                .containsExactly("sync");
        assertThat(PodHooks.forBackup(pod("prod-eu", Map.of("app", "web"), Map.of()), FLUSH, "pre"))
                .extracting(ExecSpec::hook)
                .containsExactly("sync");
    }

    @Test
    void aHookWhoseResourceFiltersLeaveOutPodsNeverRuns() {
        BackupResourceHook sync = new BackupResourceHook(new ExecHook(null, List.of("sync"), null, null));
        BackupHooks hooks = new BackupHooks(List.of(
                new BackupResourceHookSpec("pods", null, null, null, List.of(sync), null, List.of("pods"), null),
                new BackupResourceHookSpec("po", null, null, null, List.of(sync), null, List.of("po"), null),
                new BackupResourceHookSpec("any", null, null, null, List.of(sync), null, List.of("*"), null),
                new BackupResourceHookSpec(
                        "deployments", null, null, null, List.of(sync), null, List.of("deployments"), null),
                new BackupResourceHookSpec("not-pods", null, null, null, List.of(sync), null, null, List.of("pods")),
                new BackupResourceHookSpec("nothing", null, null, null, List.of(sync), null, null, List.of("*"))));

        assertThat(PodHooks.forBackup(pod("prod-eu", Map.of(), Map.of()), hooks, "pre"))
                .extracting(ExecSpec::hook)
                .containsExactly("pods", "po", "any");
    }

    @Test
    void aSingleWordCommandAndABrokenOneAreReadAsVeleroDoes() {
        assertThat(PodHooks.command(" /usr/local/bin/flush ")).containsExactly("/usr/local/bin/flush");
        assertThatThrownBy(() -> PodHooks.command("[\"unterminated"))
                .hasMessageContaining("is not a JSON array of strings");
    }

    private static JsonNode pod(String namespace, Map<String, String> labels, Map<String, String> annotations) {
        return Json.MAPPER.valueToTree(Map.of(
                "metadata",
                Map.of("name", "db-0", "namespace", namespace, "labels", labels, "annotations", annotations)));
    }
}
