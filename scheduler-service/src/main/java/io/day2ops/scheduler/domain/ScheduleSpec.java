package io.day2ops.scheduler.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A schedule as people write it: the body of {@code POST /schedules} and {@code PUT /schedules/<name>}, and one entry
 * of the seed file.
 *
 * @param name its name, a DNS-1123 subdomain; fired requests are {@code <name>-<yyyyMMddHHmmss>}
 * @param kind {@code backup} (default), {@code drill} or {@code upgrade-check}
 * @param schedule cron (5 fields), a macro such as {@code @daily}, or {@code @every 6h}
 * @param timeZone IANA zone the cron is read in; default UTC
 * @param paused whether it is paused (default false)
 * @param catchUp after downtime, fire once for the latest missed slot (default true); false skips slots more than the
 *     missed-slot grace late
 * @param rpoObjective backup schedules: the recovery point objective, a Go duration; when the newest successful backup
 *     of the schedule is older, {@code BackupOverdue} is published
 * @param template the request every fire publishes: {@code BackupRequested}, {@code DrillRequested} or
 *     {@code UpgradeRequested} fields; {@code name} and {@code schedule} are set when it fires
 * @param useOwnerReferencesInBackup Velero's; read only to warn: day2ops never deletes backups with their schedule
 *     (each expires by its {@code ttl}), as Velero's {@code false}
 * @param skipImmediately Velero's; read only to warn: day2ops never backs up when a schedule is created or resumed,
 *     only at its cron's slots, as Velero's {@code true}
 * @param drill backup schedules: proof of recovery — {@code period} (a Go duration, e.g. {@code 168h}) and the
 *     {@code DrillRequested} fields of the drill (targetCluster, namespaceMapping, verify, cleanup, timeout, …): the
 *     newest backup of the schedule is drilled when none of its backups passed a drill within the period
 */
public record ScheduleSpec(
        String name,
        String kind,
        String schedule,
        String timeZone,
        Boolean paused,
        Boolean catchUp,
        String rpoObjective,
        JsonNode template,
        Boolean useOwnerReferencesInBackup,
        Boolean skipImmediately,
        JsonNode drill) {

    /** A schedule without a drill. */
    public ScheduleSpec(
            String name,
            String kind,
            String schedule,
            String timeZone,
            Boolean paused,
            Boolean catchUp,
            String rpoObjective,
            JsonNode template,
            Boolean useOwnerReferencesInBackup,
            Boolean skipImmediately) {
        this(
                name,
                kind,
                schedule,
                timeZone,
                paused,
                catchUp,
                rpoObjective,
                template,
                useOwnerReferencesInBackup,
                skipImmediately,
                null);
    }

    /** A schedule without Velero's schedule-level fields. */
    public ScheduleSpec(
            String name,
            String kind,
            String schedule,
            String timeZone,
            Boolean paused,
            Boolean catchUp,
            String rpoObjective,
            JsonNode template) {
        this(name, kind, schedule, timeZone, paused, catchUp, rpoObjective, template, null, null, null);
    }

    /** What day2ops does not do of what this schedule asks, at the schedule's level (its template's are apart). */
    public java.util.List<String> veleroWarnings() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        if (Boolean.TRUE.equals(useOwnerReferencesInBackup)) {
            warnings.add("Velero field 'useOwnerReferencesInBackup' is not implemented and was ignored: backups are"
                    + " not deleted with their schedule; each expires by its ttl (or DELETE /backups/<name>)");
        }
        if (Boolean.FALSE.equals(skipImmediately)) {
            warnings.add("Velero field 'skipImmediately' is not implemented and was ignored: day2ops does not fire"
                    + " when a schedule is created or resumed, only at its cron's slots (as skipImmediately: true);"
                    + " POST /schedules/<name>/fire fires one now");
        }
        return warnings;
    }
}
