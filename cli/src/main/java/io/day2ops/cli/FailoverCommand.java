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
 * {@code day2 failover NAME --cluster a --target-cluster b}: a manual failover, the newest good backup of the failed
 * cluster restored into the standby and kept there; followed as a drill ({@code day2 drill get NAME}).
 */
@Command(name = "failover", description = "Fail a cluster over to its standby (POST /failovers); --wait follows it")
public class FailoverCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Mixin
    Waiting waiting;

    @Parameters(index = "0", description = "The failover's name")
    String name;

    @Option(names = "--cluster", required = true, description = "The cluster that failed")
    String cluster;

    @Option(names = "--target-cluster", required = true, description = "The standby to fail over to")
    String targetCluster;

    @Option(names = "--from-backup", description = "The backup to restore (default: the newest Completed one)")
    String backup;

    @Option(names = "--namespace-mappings", split = ",", description = "Restore namespace a into b: a:b[,c:d]")
    List<String> namespaceMappings;

    @Option(names = "--reason", description = "Why, for the record (default: who asked)")
    String reason;

    @Override
    public Integer call() {
        ObjectNode request = BackupCommand.JSON
                .createObjectNode()
                .put("name", name)
                .put("cluster", cluster)
                .put("targetCluster", targetCluster);
        RolloutCommand.put(request, "backupName", backup);
        RolloutCommand.put(request, "reason", reason);
        if (namespaceMappings != null) {
            request.set("namespaceMapping", RestoreCommand.mappings(namespaceMappings));
        }
        Api.Answer accepted = common.api().post("dr", "/failovers", request);
        common.out()
                .printf(
                        "Failover request \"%s\" submitted by %s; follow it with `day2 drill get %s`.%n",
                        name, accepted.body().path("requestedBy").asText(), name);
        return waiting.wait ? follow(common, waiting, "Failover", name) : 0;
    }

    /** Waits for failover (or failback) {@code name}, followed as a drill, and prints its RTO and RPO; the exit code. */
    static int follow(Common common, Waiting waiting, String what, String name) {
        JsonNode ended = new Waiter(common.api(), common.out(), waiting.timeout())
                .until(
                        "dr",
                        "/drills/" + name,
                        what.toLowerCase(java.util.Locale.ROOT) + " " + name,
                        d -> d.hasNonNull("passed"),
                        DrillCommand::result,
                        d -> DrillCommand.restoreProgress(common.api(), d));
        common.out()
                .printf(
                        "%s %s %s: RTO %s, RPO %s%n",
                        what,
                        name,
                        DrillCommand.result(ended),
                        DrillCommand.millis(ended.path("report").path("rtoMeasuredMillis")),
                        DrillCommand.millis(ended.path("report").path("rpoMeasuredMillis")));
        if (ended.hasNonNull("failureReason")) {
            common.out().println("  reason: " + ended.get("failureReason").asText());
        }
        return ended.path("passed").asBoolean() ? 0 : CliError.FAILED;
    }
}
