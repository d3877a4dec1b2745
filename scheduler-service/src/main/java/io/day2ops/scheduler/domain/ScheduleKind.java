package io.day2ops.scheduler.domain;

import io.day2ops.events.EventType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a schedule fires: a backup (Velero's {@code Schedule}), a DR drill, or the module's daily pre-upgrade check (an
 * {@code UpgradeRequested} that only runs the gate).
 */
public enum ScheduleKind {
    BACKUP("backup", EventType.BACKUP_REQUESTED),
    DRILL("drill", EventType.DRILL_REQUESTED),
    UPGRADE_CHECK("upgrade-check", EventType.UPGRADE_REQUESTED);

    private final String id;
    private final EventType<?> fires;

    ScheduleKind(String id, EventType<?> fires) {
        this.id = id;
        this.fires = fires;
    }

    /** The name used in REST and in the {@code schedule.kind} column. */
    public String id() {
        return id;
    }

    /** The request event a fire publishes. */
    public EventType<?> fires() {
        return fires;
    }

    public static Optional<ScheduleKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The ids, for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(ScheduleKind::id).collect(Collectors.joining(", "));
    }
}
