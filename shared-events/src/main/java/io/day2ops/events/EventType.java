package io.day2ops.events;

import java.util.List;
import java.util.Optional;

/**
 * One event type: its record, CloudEvents type, topic and JSON Schema. The catalog of all v1 types is {@link #ALL}.
 *
 * @param javaType the record carrying the event's data
 * @param area the topic's area ({@code backup}, {@code restore}, {@code upgrade}, {@code drill})
 * @param event the event's name in the topic, kebab-case
 * @param <T> the record type
 */
public record EventType<T extends Day2Event>(Class<T> javaType, String area, String event) {

    public static final EventType<BackupRequested> BACKUP_REQUESTED =
            new EventType<>(BackupRequested.class, "backup", "requested");
    public static final EventType<SnapshotTaken> SNAPSHOT_TAKEN =
            new EventType<>(SnapshotTaken.class, "backup", "snapshot-taken");
    public static final EventType<BackupFailed> BACKUP_FAILED = new EventType<>(BackupFailed.class, "backup", "failed");
    public static final EventType<BackupOverdue> BACKUP_OVERDUE =
            new EventType<>(BackupOverdue.class, "backup", "overdue");
    public static final EventType<BackupOverdueCleared> BACKUP_OVERDUE_CLEARED =
            new EventType<>(BackupOverdueCleared.class, "backup", "overdue-cleared");
    public static final EventType<RestoreRequested> RESTORE_REQUESTED =
            new EventType<>(RestoreRequested.class, "restore", "requested");
    public static final EventType<RestoreCompleted> RESTORE_COMPLETED =
            new EventType<>(RestoreCompleted.class, "restore", "completed");
    public static final EventType<UpgradeRequested> UPGRADE_REQUESTED =
            new EventType<>(UpgradeRequested.class, "upgrade", "requested");
    public static final EventType<UpgradeGatePassed> UPGRADE_GATE_PASSED =
            new EventType<>(UpgradeGatePassed.class, "upgrade", "gate-passed");
    public static final EventType<UpgradeGateFailed> UPGRADE_GATE_FAILED =
            new EventType<>(UpgradeGateFailed.class, "upgrade", "gate-failed");
    public static final EventType<UpgradeReady> UPGRADE_READY = new EventType<>(UpgradeReady.class, "upgrade", "ready");
    public static final EventType<UpgradeVerifyRequested> UPGRADE_VERIFY_REQUESTED =
            new EventType<>(UpgradeVerifyRequested.class, "upgrade", "verify-requested");
    public static final EventType<UpgradeVerified> UPGRADE_VERIFIED =
            new EventType<>(UpgradeVerified.class, "upgrade", "verified");
    public static final EventType<RolloutRequested> ROLLOUT_REQUESTED =
            new EventType<>(RolloutRequested.class, "upgrade", "rollout-requested");
    public static final EventType<RolloutCompleted> ROLLOUT_COMPLETED =
            new EventType<>(RolloutCompleted.class, "upgrade", "rollout-completed");
    public static final EventType<DrainRequested> DRAIN_REQUESTED =
            new EventType<>(DrainRequested.class, "upgrade", "drain-requested");
    public static final EventType<DrainCompleted> DRAIN_COMPLETED =
            new EventType<>(DrainCompleted.class, "upgrade", "drain-completed");
    public static final EventType<DrillRequested> DRILL_REQUESTED =
            new EventType<>(DrillRequested.class, "drill", "requested");
    public static final EventType<DrillCompleted> DRILL_COMPLETED =
            new EventType<>(DrillCompleted.class, "drill", "completed");

    public static final EventType<FailoverRequested> FAILOVER_REQUESTED =
            new EventType<>(FailoverRequested.class, "failover", "requested");
    public static final EventType<FailoverCompleted> FAILOVER_COMPLETED =
            new EventType<>(FailoverCompleted.class, "failover", "completed");
    public static final EventType<FailbackRequested> FAILBACK_REQUESTED =
            new EventType<>(FailbackRequested.class, "failback", "requested");

    /** Every v1 event type. */
    public static final List<EventType<?>> ALL = List.of(
            BACKUP_REQUESTED,
            SNAPSHOT_TAKEN,
            BACKUP_FAILED,
            BACKUP_OVERDUE,
            BACKUP_OVERDUE_CLEARED,
            RESTORE_REQUESTED,
            RESTORE_COMPLETED,
            UPGRADE_REQUESTED,
            UPGRADE_GATE_PASSED,
            UPGRADE_GATE_FAILED,
            UPGRADE_READY,
            UPGRADE_VERIFY_REQUESTED,
            UPGRADE_VERIFIED,
            ROLLOUT_REQUESTED,
            ROLLOUT_COMPLETED,
            DRAIN_REQUESTED,
            DRAIN_COMPLETED,
            DRILL_REQUESTED,
            DRILL_COMPLETED,
            FAILOVER_REQUESTED,
            FAILOVER_COMPLETED,
            FAILBACK_REQUESTED);

    /** The Kafka topic, e.g. {@code day2.backup.requested.v1}. */
    public String topic() {
        return "day2." + area + "." + event + ".v1";
    }

    /** The dead-letter topic for records on {@link #topic()} that cannot be parsed or validated. */
    public String deadLetterTopic() {
        return topic() + ".dlq";
    }

    /** The CloudEvents {@code type}, e.g. {@code io.day2ops.backup.requested.v1}. */
    public String ceType() {
        return "io.day2ops." + area + "." + event + ".v1";
    }

    /** The classpath location of the JSON Schema for the data. */
    public String schemaResource() {
        return "/schemas/" + area + "." + event + ".v1.schema.json";
    }

    /** The {@code $id} of the JSON Schema for the data: the CloudEvents {@code dataschema} of every event of it. */
    public String schemaId() {
        return "https://day2ops.io/schemas/" + area + "." + event + ".v1.schema.json";
    }

    /** The type whose CloudEvents {@code type} this is. */
    public static Optional<EventType<?>> byCeType(String ceType) {
        return ALL.stream().filter(t -> t.ceType().equals(ceType)).findFirst();
    }

    /** The type published on this topic. */
    public static Optional<EventType<?>> byTopic(String topic) {
        return ALL.stream().filter(t -> t.topic().equals(topic)).findFirst();
    }

    /** The type of this record class. */
    @SuppressWarnings("unchecked")
    public static <T extends Day2Event> EventType<T> of(Class<T> javaType) {
        return (EventType<T>) ALL.stream()
                .filter(t -> t.javaType().equals(javaType))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event type: " + javaType.getName()));
    }

    /** The type of this event. */
    @SuppressWarnings("unchecked")
    public static <T extends Day2Event> EventType<T> of(T event) {
        return (EventType<T>) of(event.getClass());
    }
}
