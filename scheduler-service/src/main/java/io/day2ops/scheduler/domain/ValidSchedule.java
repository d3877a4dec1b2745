package io.day2ops.scheduler.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A {@link ScheduleSpec} that passed validation, ready to store.
 *
 * @param name its name
 * @param kind what it fires
 * @param cron its parsed cron, with its zone
 * @param paused whether it is paused
 * @param catchUp whether the latest missed slot fires after downtime
 * @param rpoObjective the objective as written (a Go duration), or null
 * @param rpo the objective, or null
 * @param cluster the cluster its requests are for
 * @param template the request template, without {@code name} and {@code schedule}
 * @param warnings what day2ops does not act on of what the spec asks at the schedule's level (Velero fields)
 * @param drill the drill spec (with its {@code period}), or null
 * @param drillPeriod the drill's period, or null
 */
public record ValidSchedule(
        String name,
        ScheduleKind kind,
        CronExpression cron,
        boolean paused,
        boolean catchUp,
        String rpoObjective,
        Duration rpo,
        String cluster,
        ObjectNode template,
        java.util.List<String> warnings,
        ObjectNode drill,
        Duration drillPeriod) {}
