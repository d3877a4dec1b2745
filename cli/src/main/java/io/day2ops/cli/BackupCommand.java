package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code day2 backup create|get|describe|logs|delete}, with Velero's flags where they exist. */
@Command(
        name = "backup",
        description = "Back up a cluster, list and describe backups",
        mixinStandardHelpOptions = true,
        subcommands = {
            BackupCommand.Create.class,
            BackupCommand.Get.class,
            BackupCommand.Describe.class,
            BackupCommand.Logs.class,
            BackupCommand.Download.class,
            BackupCommand.Delete.class,
            BackupDiffCommand.class
        })
public class BackupCommand {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Phases a backup does not leave. */
    static final Set<String> ENDED = Set.of("Completed", "PartiallyFailed", "Failed", "Cancelled");

    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.field("name", "name"),
            Output.Column.field("cluster", "cluster"),
            Output.Column.field("status", "phase"),
            Output.Column.field("items", "totalItems"),
            Output.Column.field("errors", "errors"),
            Output.Column.field("warnings", "warnings"),
            Output.Column.age("created", "createdAt"),
            Output.Column.field("schedule", "schedule"),
            Output.Column.field("requested by", "requestedBy"));

    @Command(name = "create", description = "Request a backup (POST /backups); --wait follows it to the end")
    static class Create implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The backup's name")
        String name;

        @Option(names = "--cluster", required = true, description = "The cluster to back up")
        String cluster;

        @picocli.CommandLine.Mixin
        Selection selection;

        @picocli.CommandLine.Mixin
        Waiting waiting;

        @Option(names = "--include-resources", split = ",", description = "Resources to include (default: all)")
        List<String> includeResources;

        @Option(names = "--exclude-resources", split = ",", description = "Resources to leave out")
        List<String> excludeResources;

        @Option(
                names = "--include-cluster-scoped-resources",
                split = ",",
                description = "Cluster-scoped resources to take whole, * for all (not with --include-resources)")
        List<String> includeClusterScoped;

        @Option(
                names = "--exclude-cluster-scoped-resources",
                split = ",",
                description = "Cluster-scoped resources never to take, * for none at all")
        List<String> excludeClusterScoped;

        @Option(
                names = "--include-namespace-scoped-resources",
                split = ",",
                description = "Namespaced resources to take (default: all)")
        List<String> includeNamespaceScoped;

        @Option(
                names = "--exclude-namespace-scoped-resources",
                split = ",",
                description = "Namespaced resources to leave out")
        List<String> excludeNamespaceScoped;

        @Option(names = "--ttl", description = "How long to keep it, e.g. 720h (default: the service's)")
        String ttl;

        @Option(names = "--storage-location", description = "The storage location (default: the service's)")
        String storageLocation;

        @Option(names = "--snapshot-volumes", negatable = true, description = "Take CSI snapshots of volumes")
        Boolean snapshotVolumes;

        @Option(names = "--etcd-snapshot", description = "Also take an etcd snapshot of the cluster")
        boolean etcdSnapshot;

        @Override
        public Integer call() {
            ObjectNode request = JSON.createObjectNode().put("name", name).put("cluster", cluster);
            selection.addTo(request);
            array(request, "includedResources", includeResources);
            array(request, "excludedResources", excludeResources);
            array(request, "includedClusterScopedResources", includeClusterScoped);
            array(request, "excludedClusterScopedResources", excludeClusterScoped);
            array(request, "includedNamespaceScopedResources", includeNamespaceScoped);
            array(request, "excludedNamespaceScopedResources", excludeNamespaceScoped);
            if (ttl != null) {
                request.put("ttl", ttl);
            }
            if (storageLocation != null) {
                request.put("storageLocation", storageLocation);
            }
            if (snapshotVolumes != null) {
                request.put("snapshotVolumes", snapshotVolumes);
            }
            if (etcdSnapshot) {
                request.put("etcdSnapshot", true);
            }
            Api.Answer accepted = common.api().post("backup", "/backups", request);
            common.out()
                    .printf(
                            "Backup request \"%s\" submitted by %s.%n",
                            name, accepted.body().path("requestedBy").asText());
            accepted.body().path("warnings").forEach(w -> common.err().println("Warning: " + w.asText()));
            if (!waiting.wait) {
                common.out().printf("Run `day2 backup describe %s` for its details.%n", name);
                return 0;
            }
            JsonNode ended = new Waiter(common.api(), common.out(), waiting.timeout())
                    .until(
                            "backup",
                            "/backups/" + name,
                            "backup " + name,
                            b -> ENDED.contains(b.path("phase").asText()),
                            BackupCommand::state);
            common.out().println(summary(ended));
            return "Completed".equals(ended.path("phase").asText()) ? 0 : CliError.FAILED;
        }
    }

    @Command(name = "get", description = "List backups, or show one")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", description = "A backup's name (default: list)")
        String name;

        @Option(names = "--cluster", description = "Only this cluster's")
        String cluster;

        @Option(names = "--schedule", description = "Only this schedule's")
        String schedule;

        @Option(names = "--phase", description = "Only in this phase")
        String phase;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (newest first)")
        int limit;

        @Override
        public Integer call() {
            JsonNode rows = name != null
                    ? common.api().get("backup", "/backups/" + name)
                    : common.api()
                            .get(
                                    "backup",
                                    "/backups"
                                            + Query.of("cluster", cluster, "schedule", schedule, "phase", phase)
                                                    .and("limit", String.valueOf(limit)));
            Output.print(common.out(), common.output(), rows, COLUMNS);
            return 0;
        }
    }

    @Command(name = "describe", description = "Everything about a backup")
    static class Describe implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The backup's name")
        String name;

        @picocli.CommandLine.Option(
                names = "--details",
                description = "Also what storage holds: etcd snapshot and its verification, hooks, volumes skipped, the"
                        + " first warnings and errors")
        boolean details;

        @Override
        public Integer call() {
            JsonNode backup = common.api().get("backup", "/backups/" + name + (details ? "?details=true" : ""));
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), backup, List.of());
                return 0;
            }
            Describer.print(common.out(), backup);
            return 0;
        }
    }

    @Command(name = "logs", description = "A backup's log (readable while it runs)")
    static class Logs implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The backup's name")
        String name;

        @Override
        public Integer call() {
            common.out().print(common.api().getText("backup", "/backups/" + name + "/logs"));
            common.out().flush();
            return 0;
        }
    }

    @Command(
            name = "download",
            description = "Download a backup as one tar (admin), every part checked against its manifest")
    static class Download implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The backup's name")
        String name;

        @picocli.CommandLine.Option(names = "--to", description = "The file to write (default: <name>-data.tar)")
        java.nio.file.Path to;

        @Override
        public Integer call() throws java.io.IOException {
            java.nio.file.Path file = to != null ? to : java.nio.file.Path.of(name + "-data.tar");
            JsonNode backup = common.api().get("backup", "/backups/" + name);
            java.net.http.HttpHeaders headers = common.api().download("backup", "/backups/" + name + "/download", file);
            String catalog = backup.path("manifestSha256").asText();
            String served = headers.firstValue("X-Day2-Manifest-Sha256").orElse("");
            TarCheck.Result checked = TarCheck.verify(file, name);
            if (!catalog.equals(served) || !catalog.equals(checked.manifestSha256())) {
                throw new CliError(
                        CliError.FAILED,
                        "backup " + name + ": the downloaded manifest has sha256 " + checked.manifestSha256()
                                + ", the catalog says " + catalog + "; " + file + " is not the backup");
            }
            common.out()
                    .printf(
                            "Backup %s downloaded to %s (%d parts, %s); every part matches its manifest (sha256"
                                    + " %s).%n",
                            name,
                            file,
                            checked.parts(),
                            Describer.bytes(java.nio.file.Files.size(file)),
                            catalog.substring(0, Math.min(12, catalog.length())));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a backup and what it stored (admin)")
    static class Delete implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The backup's name")
        String name;

        @Option(names = "--confirm", description = "Do not ask")
        boolean confirm;

        @Override
        public Integer call() {
            if (!confirm) {
                throw new CliError(
                        CliError.USAGE_OR_SERVER,
                        "deleting backup " + name + " removes what it stored; add --confirm to go on");
            }
            common.api().delete("backup", "/backups/" + name);
            common.out().printf("Backup \"%s\" deleted.%n", name);
            return 0;
        }
    }

    static String state(JsonNode backup) {
        String phase = backup.path("phase").asText();
        return backup.hasNonNull("totalItems")
                ? phase + ", " + backup.get("totalItems").asText() + " items"
                : phase;
    }

    static String summary(JsonNode backup) {
        String phase = backup.path("phase").asText();
        StringBuilder text = new StringBuilder("Backup ")
                .append(backup.path("name").asText())
                .append(' ')
                .append(phase);
        if (backup.hasNonNull("totalItems")) {
            text.append(": ").append(backup.get("totalItems").asText()).append(" items");
        }
        if (backup.hasNonNull("sizeBytes")) {
            text.append(", ").append(Describer.bytes(backup.get("sizeBytes").asLong()));
        }
        if (backup.hasNonNull("startedAt") && backup.hasNonNull("completedAt")) {
            text.append(" in ")
                    .append(Output.human(Duration.between(
                            java.time.Instant.parse(backup.get("startedAt").asText()),
                            java.time.Instant.parse(backup.get("completedAt").asText()))));
        }
        text.append(", ")
                .append(backup.path("warnings").asInt())
                .append(" warnings, ")
                .append(backup.path("errors").asInt())
                .append(" errors");
        if (backup.hasNonNull("failureReason")) {
            text.append("\n  reason: ").append(backup.get("failureReason").asText());
        }
        return text.toString();
    }

    static void array(ObjectNode request, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            values.forEach(request.putArray(field)::add);
        }
    }
}
