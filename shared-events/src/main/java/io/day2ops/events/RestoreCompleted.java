package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A restore finished, in any phase.
 *
 * @param name the restore's name
 * @param cluster the cluster restored into
 * @param backupName the backup restored from
 * @param phase {@code Completed}, {@code PartiallyFailed} or {@code Failed}
 * @param itemsRestored objects created or updated
 * @param itemsSkipped objects left out by filters or because they must not be restored
 * @param conflicts objects that already existed and were left as they were ({@code existingResourcePolicy: none})
 * @param warnings per-item warnings
 * @param errors per-item errors
 * @param failureReason why the restore failed, for {@code Failed}
 * @param dryRun whether nothing was applied
 * @param drillName the drill this restore served, if any
 * @param startedAt when the restore started
 * @param completedAt when it ended
 * @param restoredWorkloads what a drill verifies, present in the target after the restore (created, updated, or
 *     already there): every Deployment, StatefulSet, PersistentVolumeClaim and Service, as
 *     {@code <Kind>/<namespace>/<name>} in the target's namespaces
 * @param volumesRestored PersistentVolumeClaims recreated from their volume snapshots
 * @param hooks what every restore hook did
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 * @param cancelledBy who cancelled the restore ({@code /users/<name>}), absent unless it was cancelled
 * @param warningMessages the first 20 warnings: the request's fields day2ops did not act on (a Velero field it does
 *     not implement, an unknown one); absent when none
 */
public record RestoreCompleted(
        String name,
        String cluster,
        String backupName,
        BackupPhase phase,
        long itemsRestored,
        long itemsSkipped,
        long conflicts,
        int warnings,
        int errors,
        String failureReason,
        Boolean dryRun,
        String drillName,
        Instant startedAt,
        Instant completedAt,
        List<String> restoredWorkloads,
        Integer volumesRestored,
        List<HookResult> hooks,
        Map<String, Integer> omitted,
        String cancelledBy,
        List<String> warningMessages)
        implements Day2Event {

    /** {@code RestoreCompleted} without warning messages. */
    public RestoreCompleted(
            String name,
            String cluster,
            String backupName,
            BackupPhase phase,
            long itemsRestored,
            long itemsSkipped,
            long conflicts,
            int warnings,
            int errors,
            String failureReason,
            Boolean dryRun,
            String drillName,
            Instant startedAt,
            Instant completedAt,
            List<String> restoredWorkloads,
            Integer volumesRestored,
            List<HookResult> hooks,
            Map<String, Integer> omitted,
            String cancelledBy) {
        this(
                name,
                cluster,
                backupName,
                phase,
                itemsRestored,
                itemsSkipped,
                conflicts,
                warnings,
                errors,
                failureReason,
                dryRun,
                drillName,
                startedAt,
                completedAt,
                restoredWorkloads,
                volumesRestored,
                hooks,
                omitted,
                cancelledBy,
                null);
    }

    /** {@code RestoreCompleted} of a restore nobody cancelled. */
    public RestoreCompleted(
            String name,
            String cluster,
            String backupName,
            BackupPhase phase,
            long itemsRestored,
            long itemsSkipped,
            long conflicts,
            int warnings,
            int errors,
            String failureReason,
            Boolean dryRun,
            String drillName,
            Instant startedAt,
            Instant completedAt,
            List<String> restoredWorkloads,
            Integer volumesRestored,
            List<HookResult> hooks,
            Map<String, Integer> omitted) {
        this(
                name,
                cluster,
                backupName,
                phase,
                itemsRestored,
                itemsSkipped,
                conflicts,
                warnings,
                errors,
                failureReason,
                dryRun,
                drillName,
                startedAt,
                completedAt,
                restoredWorkloads,
                volumesRestored,
                hooks,
                omitted,
                null);
    }

    /** How many entries of {@code restoredWorkloads} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_RESTORED_WORKLOADS = 500;

    /** How many entries of {@code hooks} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_HOOKS = 50;

    /** How many entries of {@code warningMessages} the event carries at most; more are counted in {@code omitted}. */
    public static final int MAX_WARNING_MESSAGES = 20;

    public RestoreCompleted {
        Map<String, Integer> left = Bounded.counts(omitted);
        warningMessages = warningMessages == null || warningMessages.isEmpty()
                ? null
                : Bounded.cap(warningMessages, MAX_WARNING_MESSAGES, "warningMessages", left);
        restoredWorkloads = Bounded.cap(restoredWorkloads, MAX_RESTORED_WORKLOADS, "restoredWorkloads", left);
        hooks = Bounded.cap(hooks, MAX_HOOKS, "hooks", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }
}
