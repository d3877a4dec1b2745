package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code day2 schedule get|describe|pause|unpause|trigger|delete}. */
@Command(
        name = "schedule",
        description = "Schedules of backups, drills and upgrade checks",
        mixinStandardHelpOptions = true,
        subcommands = {
            ScheduleCommand.Create.class,
            ScheduleCommand.Get.class,
            ScheduleCommand.Describe.class,
            ScheduleCommand.Pause.class,
            ScheduleCommand.Unpause.class,
            ScheduleCommand.Trigger.class,
            ScheduleCommand.Delete.class
        })
public class ScheduleCommand {

    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.field("name", "name"),
            Output.Column.field("kind", "kind"),
            Output.Column.field("cluster", "cluster"),
            new Output.Column("status", s -> s.path("paused").asBoolean() ? "Paused" : "Enabled"),
            Output.Column.field("schedule", "schedule"),
            new Output.Column("next", s -> Output.text(s.path("nextFireTimes").path(0))),
            Output.Column.field("last", "lastFiredName"),
            Output.Column.field("last phase", "lastPhase"),
            Output.Column.field("rpo", "rpoObjective"));

    @Command(name = "create", description = "Create a backup schedule (velero schedule create)")
    static class Create implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The schedule's name")
        String name;

        @Option(names = "--schedule", required = true, description = "When: 5-field cron, @daily, @every 6h")
        String cron;

        @Option(names = "--cluster", required = true, description = "The cluster to back up")
        String cluster;

        @Mixin
        Selection selection;

        @Option(names = "--ttl", description = "How long each backup is kept, e.g. 720h")
        String ttl;

        @Option(names = "--time-zone", description = "The cron's time zone (default UTC)")
        String timeZone;

        @Option(names = "--rpo", description = "The recovery point objective, e.g. 26h: alert when exceeded")
        String rpo;

        @Option(names = "--paused", description = "Create it paused")
        boolean paused;

        @Override
        public Integer call() {
            com.fasterxml.jackson.databind.node.ObjectNode template =
                    BackupCommand.JSON.createObjectNode().put("cluster", cluster);
            selection.addTo(template);
            if (ttl != null) {
                template.put("ttl", ttl);
            }
            com.fasterxml.jackson.databind.node.ObjectNode spec = BackupCommand.JSON
                    .createObjectNode()
                    .put("name", name)
                    .put("kind", "backup")
                    .put("schedule", cron)
                    .put("paused", paused);
            if (timeZone != null) {
                spec.put("timeZone", timeZone);
            }
            if (rpo != null) {
                spec.put("rpoObjective", rpo);
            }
            spec.set("template", template);
            JsonNode created =
                    common.api().post("scheduler", "/schedules", spec).body();
            common.out()
                    .printf(
                            "Schedule \"%s\" created; next backups at %s.%n",
                            name,
                            String.join(
                                    ", ",
                                    BackupCommand.JSON.convertValue(created.path("nextFireTimes"), String[].class)));
            return 0;
        }
    }

    @Command(name = "get", description = "List schedules, or show one")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", description = "A schedule's name (default: list)")
        String name;

        @Option(names = "--kind", description = "backup, drill or upgrade-check")
        String kind;

        @Option(names = "--cluster", description = "Only this cluster's")
        String cluster;

        @Override
        public Integer call() {
            JsonNode rows = name != null
                    ? common.api().get("scheduler", "/schedules/" + name)
                    : common.api().get("scheduler", "/schedules" + Query.of("kind", kind, "cluster", cluster));
            Output.print(common.out(), common.output(), rows, COLUMNS);
            return 0;
        }
    }

    @Command(name = "describe", description = "Everything about a schedule")
    static class Describe implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The schedule's name")
        String name;

        @Override
        public Integer call() {
            JsonNode schedule = common.api().get("scheduler", "/schedules/" + name);
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), schedule, List.of());
            } else {
                Describer.print(common.out(), schedule);
            }
            return 0;
        }
    }

    @Command(name = "pause", description = "Stop a schedule firing")
    static class Pause implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The schedule's name")
        String name;

        @Override
        public Integer call() {
            common.api().post("scheduler", "/schedules/" + name + "/pause", null);
            common.out().printf("Schedule \"%s\" paused.%n", name);
            return 0;
        }
    }

    @Command(name = "unpause", description = "Let a schedule fire again (from its next slot)")
    static class Unpause implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The schedule's name")
        String name;

        @Override
        public Integer call() {
            common.api().post("scheduler", "/schedules/" + name + "/unpause", null);
            common.out().printf("Schedule \"%s\" unpaused.%n", name);
            return 0;
        }
    }

    @Command(name = "trigger", description = "Fire a schedule now (velero backup create --from-schedule)")
    static class Trigger implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The schedule's name")
        String name;

        @Override
        public Integer call() {
            Api.Answer accepted = common.api().post("scheduler", "/schedules/" + name + "/trigger", null);
            common.out()
                    .printf(
                            "Schedule \"%s\" fired: %s \"%s\" requested; follow it with `day2 %s get %s`.%n",
                            name,
                            accepted.body().path("kind").asText(),
                            accepted.body().path("name").asText(),
                            accepted.body().path("kind").asText().replace("upgrade-check", "gate"),
                            accepted.body().path("name").asText());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a schedule (its backups stay)")
    static class Delete implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The schedule's name")
        String name;

        @Override
        public Integer call() {
            common.api().delete("scheduler", "/schedules/" + name);
            common.out().printf("Schedule \"%s\" deleted.%n", name);
            return 0;
        }
    }
}
