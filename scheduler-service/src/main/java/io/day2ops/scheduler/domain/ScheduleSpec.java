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
 */
public record ScheduleSpec(
        String name,
        String kind,
        String schedule,
        String timeZone,
        Boolean paused,
        Boolean catchUp,
        String rpoObjective,
        JsonNode template) {}
