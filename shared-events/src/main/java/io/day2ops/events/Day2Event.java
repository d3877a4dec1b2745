package io.day2ops.events;

/**
 * A day2ops event: the data part of a CloudEvent published on one of the {@code day2.*.v1} topics.
 *
 * <p>Every event names the logical cluster it is about; that name is the Kafka record key, so one cluster's events
 * keep their order.
 */
public sealed interface Day2Event
        permits BackupRequested,
                SnapshotTaken,
                BackupFailed,
                BackupOverdue,
                BackupOverdueCleared,
                RestoreRequested,
                RestoreCompleted,
                UpgradeRequested,
                UpgradeGatePassed,
                UpgradeGateFailed,
                UpgradeReady,
                UpgradeVerifyRequested,
                UpgradeVerified,
                RolloutRequested,
                RolloutCompleted,
                DrainRequested,
                DrainCompleted,
                DrillRequested,
                DrillCompleted,
                FailoverRequested,
                FailoverCompleted,
                FailbackRequested {

    /** The logical cluster this event is about; also the Kafka record key. */
    String cluster();

    /** The name of the thing the event is about (backup, restore, upgrade, rollout, drill): the CloudEvent subject. */
    String subject();
}
