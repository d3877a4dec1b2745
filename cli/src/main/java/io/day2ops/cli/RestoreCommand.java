package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code day2 restore create|get|describe}, with Velero's flags where they exist. */
@Command(
        name = "restore",
        description = "Restore a backup into a cluster, list and describe restores",
        mixinStandardHelpOptions = true,
        subcommands = {
            RestoreCommand.Create.class,
            RestoreCommand.Get.class,
            RestoreCommand.Describe.class,
            RestoreCommand.Logs.class,
            RestoreCommand.Diff.class
        })
public class RestoreCommand {

    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.field("name", "name"),
            Output.Column.field("backup", "backupName"),
            Output.Column.field("cluster", "cluster"),
            Output.Column.field("status", "phase"),
            Output.Column.field("restored", "itemsRestored"),
            Output.Column.field("skipped", "itemsSkipped"),
            Output.Column.field("conflicts", "conflicts"),
            Output.Column.field("errors", "errors"),
            Output.Column.age("created", "createdAt"),
            Output.Column.field("requested by", "requestedBy"));

    @Command(name = "create", description = "Request a restore (POST /restores); --wait follows it to the end")
    static class Create implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The restore's name")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        From from;

        static class From {
            @Option(names = "--from-backup", description = "The backup to restore")
            String backup;

            @Option(names = "--from-schedule", description = "Restore the newest Completed backup of this schedule")
            String schedule;
        }

        @Option(names = "--cluster", required = true, description = "The cluster to restore into")
        String cluster;

        @picocli.CommandLine.Mixin
        Selection selection;

        @picocli.CommandLine.Mixin
        Waiting waiting;

        @Option(names = "--namespace-mappings", split = ",", description = "Restore namespace a into b: a:b[,c:d]")
        List<String> namespaceMappings;

        @Option(names = "--existing-resource-policy", description = "none (default), update or recreate")
        String existingResourcePolicy;

        @Option(names = "--dry-run", description = "Plan it, change nothing; `day2 restore diff` shows the plan")
        boolean dryRun;

        @Override
        public Integer call() {
            ObjectNode request =
                    BackupCommand.JSON.createObjectNode().put("name", name).put("cluster", cluster);
            if (from.backup != null) {
                request.put("backupName", from.backup);
            }
            selection.addTo(request);
            if (namespaceMappings != null) {
                request.set("namespaceMapping", mappings(namespaceMappings));
            }
            if (existingResourcePolicy != null) {
                request.put("existingResourcePolicy", existingResourcePolicy);
            }
            if (dryRun) {
                request.put("dryRun", true);
            }
            String path = "/restores" + Query.of("fromSchedule", from.schedule);
            Api.Answer accepted = common.api().post("backup", path, request);
            common.out()
                    .printf(
                            "Restore request \"%s\" submitted by %s.%n",
                            name, accepted.body().path("requestedBy").asText());
            if (!waiting.wait) {
                common.out().printf("Run `day2 restore describe %s` for its details.%n", name);
                return 0;
            }
            JsonNode ended = new Waiter(common.api(), common.out(), waiting.timeout())
                    .until(
                            "backup",
                            "/restores/" + name,
                            "restore " + name,
                            r -> BackupCommand.ENDED.contains(r.path("phase").asText()),
                            r -> r.path("phase").asText());
            common.out()
                    .printf(
                            "Restore %s %s from backup %s: %s restored, %s skipped, %s conflicts, %s errors%n",
                            name,
                            ended.path("phase").asText(),
                            ended.path("backupName").asText(),
                            ended.path("itemsRestored").asText("0"),
                            ended.path("itemsSkipped").asText("0"),
                            ended.path("conflicts").asText("0"),
                            ended.path("errors").asText("0"));
            if (ended.hasNonNull("failureReason")) {
                common.out().println("  reason: " + ended.get("failureReason").asText());
            }
            return "Completed".equals(ended.path("phase").asText()) ? 0 : CliError.FAILED;
        }
    }

    /** {@code a:b,c:d} as a namespace mapping. */
    static ObjectNode mappings(List<String> pairs) {
        ObjectNode mapping = BackupCommand.JSON.createObjectNode();
        for (String pair : pairs) {
            String[] parts = pair.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new CliError(CliError.USAGE_OR_SERVER, "--namespace-mappings '" + pair + "': expected from:to");
            }
            mapping.put(parts[0], parts[1]);
        }
        return mapping;
    }

    @Command(name = "get", description = "List restores, or show one")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", description = "A restore's name (default: list)")
        String name;

        @Option(names = "--cluster", description = "Only into this cluster")
        String cluster;

        @Override
        public Integer call() {
            JsonNode rows = name != null
                    ? common.api().get("backup", "/restores/" + name)
                    : common.api().get("backup", "/restores" + Query.of("cluster", cluster));
            Output.print(common.out(), common.output(), rows, COLUMNS);
            return 0;
        }
    }

    @Command(name = "describe", description = "Everything about a restore; --details adds every object's outcome")
    static class Describe implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The restore's name")
        String name;

        @Option(names = "--details", description = "Every object's outcome")
        boolean details;

        @Override
        public Integer call() {
            ObjectNode restore = (ObjectNode) common.api().get("backup", "/restores/" + name);
            if (details) {
                restore.set("items", common.api().get("backup", "/restores/" + name + "/items"));
            }
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), restore, List.of());
            } else {
                Describer.print(common.out(), restore);
            }
            return 0;
        }
    }

    @Command(name = "logs", description = "A restore's log: while it runs, what it logged so far; then every object")
    static class Logs implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The restore's name")
        String name;

        @Override
        public Integer call() {
            common.out().print(common.api().getText("backup", "/restores/" + name + "/logs"));
            common.out().flush();
            return 0;
        }
    }

    @Command(
            name = "diff",
            description = "A dry run's plan against the live target, as kubectl diff: per object create, unchanged,"
                    + " differs (with the fields that would change) or skipped; exit 1 when anything would change")
    static class Diff implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The dry-run restore's name")
        String name;

        @Override
        public Integer call() {
            JsonNode diff = common.api().get("backup", "/restores/" + name + "/diff");
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), diff, List.of());
                return 0;
            }
            java.io.PrintWriter out = common.out();
            for (JsonNode object : diff.path("objects")) {
                String change = object.path("change").asText();
                String id = object.path("resource").asText() + " "
                        + (object.hasNonNull("namespace")
                                ? object.get("namespace").asText() + "/"
                                : "")
                        + object.path("name").asText();
                switch (change) {
                    case "create" -> out.println("+ " + id + " (would be created)");
                    case "differs" -> {
                        out.println("~ " + id + ": " + object.path("reason").asText());
                        for (JsonNode op : object.path("patch")) {
                            out.println("    " + ("add".equals(op.path("op").asText()) ? "+ " : "~ ")
                                    + op.path("path").asText() + ": " + op.path("value"));
                        }
                    }
                    case "unchanged" -> out.println("= " + id);
                    default ->
                        out.println("  " + id + " (" + change + ": "
                                + object.path("reason").asText() + ")");
                }
            }
            JsonNode summary = diff.path("summary");
            out.printf(
                    "restore %s of backup %s into %s: %d to create, %d differ, %d unchanged, %d skipped, %d failed%n",
                    name,
                    diff.path("backupName").asText(),
                    diff.path("cluster").asText(),
                    summary.path("create").asLong(),
                    summary.path("differs").asLong(),
                    summary.path("unchanged").asLong(),
                    summary.path("skipped").asLong(),
                    summary.path("failed").asLong());
            out.flush();
            return summary.path("create").asLong() + summary.path("differs").asLong() > 0 ? 1 : 0;
        }
    }
}
