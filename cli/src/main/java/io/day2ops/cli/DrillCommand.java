package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code day2 drill run|get|describe}: restore a backup into another cluster, verify it, measure RTO and RPO. */
@Command(
        name = "drill",
        description = "DR drills: prove a backup restores, and how fast",
        mixinStandardHelpOptions = true,
        subcommands = {DrillCommand.Run.class, DrillCommand.Get.class, DrillCommand.Describe.class})
public class DrillCommand {

    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.field("name", "name"),
            Output.Column.field("cluster", "cluster"),
            Output.Column.field("target", "targetCluster"),
            Output.Column.field("backup", "backupName"),
            new Output.Column("result", DrillCommand::result),
            new Output.Column("rto", d -> millis(d.path("report").path("rtoMeasuredMillis"))),
            new Output.Column("rpo", d -> millis(d.path("report").path("rpoMeasuredMillis"))),
            Output.Column.age("created", "createdAt"),
            Output.Column.field("requested by", "requestedBy"));

    @Command(name = "run", description = "Request a drill (POST /drills); --wait follows it to its verdict")
    static class Run implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The drill's name")
        String name;

        @Option(names = "--cluster", required = true, description = "The cluster whose backup is drilled")
        String cluster;

        @Option(names = "--target-cluster", required = true, description = "The cluster to restore into")
        String targetCluster;

        @Option(names = "--from-backup", description = "The backup (default: the newest Completed one)")
        String backup;

        @Option(
                names = "--namespace-mappings",
                split = ",",
                required = true,
                description = "Restore namespace a of the backup into b of the target: a:b[,c:d] (a drill restores"
                        + " only into namespaces it creates)")
        List<String> namespaceMappings;

        @Option(names = "--rto", description = "The recovery time objective, e.g. 15m")
        String rto;

        @Option(names = "--rpo", description = "The recovery point objective, e.g. 24h")
        String rpo;

        @Option(names = "--wait", description = "Wait for the verdict; exit 1 if the drill did not pass")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "1h", description = "How long --wait waits")
        String timeout;

        @Override
        public Integer call() {
            ObjectNode request = BackupCommand.JSON
                    .createObjectNode()
                    .put("name", name)
                    .put("cluster", cluster)
                    .put("targetCluster", targetCluster);
            if (backup != null) {
                request.put("backupName", backup);
            }
            request.set("namespaceMapping", RestoreCommand.mappings(namespaceMappings));
            if (rto != null) {
                request.put("rtoObjective", rto);
            }
            if (rpo != null) {
                request.put("rpoObjective", rpo);
            }
            Api.Answer accepted = common.api().post("dr", "/drills", request);
            common.out()
                    .printf(
                            "Drill request \"%s\" submitted by %s.%n",
                            name, accepted.body().path("requestedBy").asText());
            if (!wait) {
                return 0;
            }
            JsonNode ended = new Waiter(common.api(), common.out(), Durations.parse(timeout, "--timeout"))
                    .until(
                            "dr",
                            "/drills/" + name,
                            "drill " + name,
                            d -> d.hasNonNull("passed"),
                            DrillCommand::result,
                            d -> restoreProgress(common.api(), d));
            common.out()
                    .printf(
                            "Drill %s %s: RTO %s, RPO %s%n",
                            name,
                            result(ended),
                            millis(ended.path("report").path("rtoMeasuredMillis")),
                            millis(ended.path("report").path("rpoMeasuredMillis")));
            if (ended.hasNonNull("failureReason")) {
                common.out().println("  reason: " + ended.get("failureReason").asText());
            }
            return ended.path("passed").asBoolean() ? 0 : CliError.FAILED;
        }
    }

    @Command(name = "get", description = "List drills, or show one")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", description = "A drill's name (default: list)")
        String name;

        @Option(names = "--cluster", description = "Only this cluster's")
        String cluster;

        @Override
        public Integer call() {
            JsonNode rows = name != null
                    ? common.api().get("dr", "/drills/" + name)
                    : common.api().get("dr", "/drills" + Query.of("cluster", cluster));
            Output.print(common.out(), common.output(), rows, COLUMNS);
            return 0;
        }
    }

    @Command(name = "describe", description = "Everything about a drill: checks, timeline, RTO and RPO")
    static class Describe implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The drill's name")
        String name;

        @Override
        public Integer call() {
            JsonNode drill = common.api().get("dr", "/drills/" + name);
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), drill, List.of());
            } else {
                Describer.print(common.out(), drill);
            }
            return 0;
        }
    }

    static String result(JsonNode drill) {
        if (!drill.hasNonNull("passed")) {
            return drill.hasNonNull("phase") ? drill.get("phase").asText() : "Running";
        }
        if (drill.path("report").hasNonNull("cancelledBy")) {
            return "Cancelled";
        }
        return drill.get("passed").asBoolean() ? "Passed" : "Failed";
    }

    /** A restoring drill's progress: its restore's, from backup-service (none if that cannot be read). */
    static JsonNode restoreProgress(Api api, JsonNode drill) {
        if (!"Restoring".equals(drill.path("phase").asText()) || !drill.hasNonNull("restoreName")) {
            return null;
        }
        try {
            return api.get("backup", "/restores/" + drill.get("restoreName").asText())
                    .path("progress");
        } catch (CliError e) {
            return null;
        }
    }

    static String millis(JsonNode value) {
        return value.isNumber() ? Output.human(java.time.Duration.ofMillis(value.asLong())) : "<none>";
    }
}
