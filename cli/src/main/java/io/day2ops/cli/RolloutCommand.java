package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code day2 rollout create|get}: a new image rolled out with surge (Deployment) or partition steps (StatefulSet),
 * rolled back by itself when it does not become Ready; {@code day2 cancel rollout NAME} aborts it (rolls back).
 */
@Command(
        name = "rollout",
        description = "Roll a workload out to a new image, rolled back by itself when it fails",
        subcommands = {RolloutCommand.Create.class, RolloutCommand.Get.class})
public class RolloutCommand {

    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.field("name", "name"),
            Output.Column.field("cluster", "cluster"),
            new Output.Column(
                    "workload",
                    r -> r.path("kind").asText() + " " + r.path("namespace").asText() + "/"
                            + r.path("workload").asText()),
            Output.Column.field("strategy", "strategy"),
            new Output.Column(
                    "outcome", r -> r.hasNonNull("outcome") ? r.get("outcome").asText() : "Running"),
            Output.Column.age("created", "createdAt"),
            Output.Column.field("requested by", "requestedBy"));

    @Command(name = "create", description = "Request a rollout (POST /rollouts); --wait follows it to its outcome")
    static class Create implements Callable<Integer> {

        @Mixin
        Common common;

        @Mixin
        Waiting waiting;

        @Parameters(index = "0", description = "The rollout's name")
        String name;

        @Option(names = "--cluster", required = true, description = "The cluster the workload runs in")
        String cluster;

        @Option(
                names = {"-n", "--namespace"},
                defaultValue = "default",
                description = "The workload's namespace")
        String namespace;

        @Option(
                names = "--workload",
                required = true,
                description = "deployment/NAME or statefulset/NAME (deploy/ and sts/ too)")
        String workload;

        @Option(names = "--image", required = true, description = "The new image")
        String image;

        @Option(names = "--container", description = "The container to change (default: the first)")
        String container;

        @Option(names = "--max-surge", description = "Deployment: pods above the desired count (2 or 25%%)")
        String maxSurge;

        @Option(names = "--max-unavailable", description = "Deployment: pods that may be unavailable (0 or 25%%)")
        String maxUnavailable;

        @Option(
                names = "--partition-steps",
                split = ",",
                description = "StatefulSet: partitions to step through, down to 0 (default: one pod at a time)")
        List<Integer> partitionSteps;

        @Option(names = "--pause", description = "StatefulSet: how long to wait between steps, e.g. 5m")
        String pause;

        @Option(names = "--progress-deadline", description = "How long a step may take, e.g. 10m")
        String progressDeadline;

        @Override
        public Integer call() {
            String[] target = workload.split("/", 2);
            String kind = target.length != 2
                    ? null
                    : switch (target[0].toLowerCase(java.util.Locale.ROOT)) {
                        case "deployment", "deploy", "deployments" -> "Deployment";
                        case "statefulset", "sts", "statefulsets" -> "StatefulSet";
                        default -> null;
                    };
            if (kind == null) {
                throw new CliError(
                        CliError.USAGE_OR_SERVER,
                        "--workload '" + workload + "': expected deployment/NAME or statefulset/NAME");
            }
            ObjectNode request = BackupCommand.JSON
                    .createObjectNode()
                    .put("name", name)
                    .put("cluster", cluster)
                    .put("namespace", namespace)
                    .put("kind", kind)
                    .put("workload", target[1])
                    .put("strategy", kind.equals("Deployment") ? "surge" : "partition")
                    .put("image", image);
            put(request, "container", container);
            put(request, "maxSurge", maxSurge);
            put(request, "maxUnavailable", maxUnavailable);
            put(request, "pauseBetweenSteps", pause);
            put(request, "progressDeadline", progressDeadline);
            if (partitionSteps != null) {
                partitionSteps.forEach(request.putArray("partitionSteps")::add);
            }
            Api.Answer accepted = common.api().post("upgrade", "/rollouts", request);
            common.out()
                    .printf(
                            "Rollout request \"%s\" submitted by %s.%n",
                            name, accepted.body().path("requestedBy").asText());
            if (!waiting.wait) {
                return 0;
            }
            JsonNode ended = new Waiter(common.api(), common.out(), waiting.timeout())
                    .until(
                            "upgrade",
                            "/rollouts/" + name,
                            "rollout " + name,
                            r -> r.hasNonNull("outcome"),
                            r -> r.hasNonNull("outcome") ? r.get("outcome").asText() : "Running");
            common.out().printf("Rollout %s %s%n", name, CancelCommand.state(ended));
            return "Succeeded".equals(ended.path("outcome").asText()) ? 0 : CliError.FAILED;
        }
    }

    @Command(name = "get", description = "List rollouts, or show one with its steps")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", description = "A rollout's name (default: list)")
        String name;

        @Option(names = "--cluster", description = "Only this cluster's")
        String cluster;

        @Override
        public Integer call() {
            return Records.show(common, "upgrade", "/rollouts", name, cluster, COLUMNS);
        }
    }

    static void put(ObjectNode request, String field, String value) {
        if (value != null) {
            request.put(field, value);
        }
    }
}
