package io.day2ops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A huge backup, drill or gate makes a complete, smaller event, never one the broker refuses (its default limit is
 * 1 MiB): the lists beyond their cap are left out and counted in {@code omitted}, and the schema refuses an incoming
 * event over the caps.
 */
class BoundedEventsTest {

    private static final int BROKER_LIMIT = 1024 * 1024;
    private final EventCodec codec = new EventCodec();

    @Test
    void aDrillWithThousandsOfChecksKeepsTheFirst500AndCountsTheRest() throws Exception {
        List<DrillCompleted.Check> checks = IntStream.range(0, 5_000)
                .mapToObj(i -> new DrillCompleted.Check(
                        "rollout deployment/ns-" + i + "/app-" + i, i % 7 != 0, "x".repeat(400)))
                .toList();
        List<DrillCompleted.TimelineEntry> timeline = IntStream.range(0, 1_000)
                .mapToObj(i -> new DrillCompleted.TimelineEntry("step-" + i, Instant.now(), "y".repeat(200)))
                .toList();
        DrillCompleted drill = new DrillCompleted(
                "d",
                "primary",
                "standby",
                "b",
                false,
                "checks failed",
                1L,
                2L,
                3L,
                4L,
                checks,
                timeline,
                Instant.now(),
                Instant.now(),
                null);

        assertThat(drill.checks()).hasSize(DrillCompleted.MAX_CHECKS).isEqualTo(checks.subList(0, 500));
        assertThat(drill.timeline()).hasSize(DrillCompleted.MAX_TIMELINE);
        assertThat(drill.omitted()).containsExactlyInAnyOrderEntriesOf(Map.of("checks", 4_500, "timeline", 800));
        String json = codec.toJson(drill);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(BROKER_LIMIT);
        assertThat(codec.parse(EventType.DRILL_COMPLETED, json)).isEqualTo(drill);
    }

    @Test
    void aBackupWithThousandsOfVolumesAndHooksWithFullOutputStaysUnderTheBrokersLimit() throws Exception {
        List<VolumeSnapshotInfo> volumes = IntStream.range(0, 3_000)
                .mapToObj(i -> new VolumeSnapshotInfo(
                        "ns-" + i,
                        "data-" + i,
                        "standard",
                        "hostpath.csi.k8s.io",
                        "csi-snapclass",
                        "day2ops-big-" + i,
                        "snapcontent-" + i,
                        "snapshot-handle-" + i,
                        "10Gi",
                        10L << 30,
                        "Retain"))
                .toList();
        List<HookResult> hooks = IntStream.range(0, 1_000)
                .mapToObj(i -> new HookResult(
                        "fsfreeze-" + i,
                        "pre",
                        "ns",
                        "pod-" + i,
                        "app",
                        List.of("/sbin/fsfreeze", "--freeze", "/data"),
                        0,
                        "Succeeded",
                        "Fail",
                        "o".repeat(4096)))
                .toList();
        SnapshotTaken taken = SnapshotTakenBuilder.completed("big", "primary", Instant.now())
                .volumeSnapshots(volumes)
                .hooks(hooks)
                .build();

        assertThat(taken.volumeSnapshots()).hasSize(500);
        assertThat(taken.hooks()).hasSize(50);
        assertThat(taken.omitted()).containsEntry("volumeSnapshots", 2_500).containsEntry("hooks", 950);
        String json = codec.toJson(taken);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(BROKER_LIMIT);
        assertThat(codec.validate(EventType.SNAPSHOT_TAKEN, new ObjectMapper().readTree(json)))
                .isEmpty();
    }

    @Test
    void aSmallEventSaysNothingWasOmitted() {
        SnapshotTaken taken = SnapshotTakenBuilder.completed("small", "primary", Instant.now())
                .build();

        assertThat(taken.omitted()).isNull();
        assertThat(codec.toJson(taken)).doesNotContain("omitted");
    }

    @Test
    void anIncomingEventOverTheCapsIsRefusedNamingTheList() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode drill = (ObjectNode) json.readTree(codec.toJson(new DrillCompleted(
                "d",
                "primary",
                "standby",
                "b",
                true,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                Instant.now(),
                Instant.now(),
                null)));
        ArrayNode checks = drill.putArray("checks");
        for (int i = 0; i < 501; i++) {
            checks.addObject().put("name", "c" + i).put("passed", true).put("message", "ok");
        }

        assertThatThrownBy(() -> codec.parse(EventType.DRILL_COMPLETED, drill.toString()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("checks");
    }
}
