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
 * {@code day2 drain create|get}: cordon and drain nodes in order through the eviction API (budgets respected), as
 * {@code kubectl drain} node after node; {@code day2 cancel drain NAME} stops it before its next node.
 */
@Command(
        name = "drain",
        description = "Cordon and drain nodes in order, respecting PodDisruptionBudgets",
        subcommands = {DrainCommand.Create.class, DrainCommand.Get.class})
public class DrainCommand {

    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.field("name", "name"),
            Output.Column.field("cluster", "cluster"),
            new Output.Column(
                    "outcome", d -> d.hasNonNull("outcome") ? d.get("outcome").asText() : "Running"),
            new Output.Column("nodes", d -> String.valueOf(d.path("nodes").size())),
            Output.Column.age("created", "createdAt"),
            Output.Column.field("requested by", "requestedBy"));

    @Command(name = "create", description = "Request a drain (POST /drains); --wait follows it to its outcome")
    static class Create implements Callable<Integer> {

        @Mixin
        Common common;

        @Mixin
        Waiting waiting;

        @Parameters(index = "0", description = "The drain's name")
        String name;

        @Option(names = "--cluster", required = true, description = "The cluster")
        String cluster;

        @Option(
                names = "--nodes",
                split = ",",
                description = "The nodes, in order (default: every node, workers first, control plane last)")
        List<String> nodes;

        @Option(names = "--uncordon", description = "Uncordon each node once drained, before the next")
        boolean uncordon;

        @Option(names = "--node-timeout", description = "How long one node's drain may take, e.g. 10m")
        String nodeTimeout;

        @Option(names = "--force", description = "Also evict pods no controller manages (as kubectl drain --force)")
        boolean force;

        @Option(
                names = "--dry-run",
                description = "Touch nothing: print per node the pods that would be evicted and what would block;"
                        + " exit 1 when the drain would fail (waits for the prediction)")
        boolean dryRun;

        @Override
        public Integer call() {
            ObjectNode request = BackupCommand.JSON
                    .createObjectNode()
                    .put("name", name)
                    .put("cluster", cluster)
                    .put("uncordon", uncordon)
                    .put("force", force);
            if (dryRun) {
                request.put("dryRun", true);
            }
            if (nodes != null) {
                nodes.forEach(request.putArray("nodes")::add);
            }
            RolloutCommand.put(request, "timeout", nodeTimeout);
            Api.Answer accepted = common.api().post("upgrade", "/drains", request);
            common.out()
                    .printf(
                            "Drain request \"%s\" submitted by %s.%n",
                            name, accepted.body().path("requestedBy").asText());
            if (!waiting.wait && !dryRun) {
                return 0;
            }
            JsonNode ended = new Waiter(common.api(), common.out(), waiting.timeout())
                    .until(
                            "upgrade",
                            "/drains/" + name,
                            "drain " + name,
                            d -> d.hasNonNull("outcome"),
                            d -> d.hasNonNull("outcome") ? d.get("outcome").asText() : "Running");
            if (dryRun) {
                return prediction(ended);
            }
            common.out().printf("Drain %s %s%n", name, CancelCommand.state(ended));
            return "Drained".equals(ended.path("outcome").asText()) ? 0 : CliError.FAILED;
        }

        /** A dry run's answer, node by node as kubectl drain --dry-run prints it, with what would block. */
        private int prediction(JsonNode drain) {
            java.io.PrintWriter out = common.out();
            out.printf(
                    "Drain %s (dry run): would end %s%n",
                    name, drain.path("outcome").asText());
            for (JsonNode node : drain.path("nodes")) {
                out.printf(
                        "node %s: %s%n",
                        node.path("node").asText(),
                        node.path("drainable").asBoolean() ? "would drain" : "would NOT drain");
                node.path("evict").forEach(p -> out.printf("  evict %s%n", p.asText()));
                node.path("skipped").forEach(p -> out.printf("  leave %s%n", p.asText()));
                node.path("blockers").forEach(b -> out.printf("  blocked: %s%n", b.asText()));
            }
            if (drain.hasNonNull("reason")) {
                out.println(drain.get("reason").asText());
            }
            return "Drained".equals(drain.path("outcome").asText()) ? 0 : CliError.FAILED;
        }
    }

    @Command(name = "get", description = "List drains, or show one node by node")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", description = "A drain's name (default: list)")
        String name;

        @Option(names = "--cluster", description = "Only this cluster's")
        String cluster;

        @Override
        public Integer call() {
            return Records.show(common, "upgrade", "/drains", name, cluster, COLUMNS);
        }
    }
}
