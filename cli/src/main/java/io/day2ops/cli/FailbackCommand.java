package io.day2ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code day2 failback NAME --failover F --cluster standby}: the failover reversed — the standby's newest good backup
 * restored into the old primary's namespaces, then what the failover fenced there scaled back; followed as a drill
 * ({@code day2 drill get NAME}). Refused (404/409, exit 2) with the reason when the failover cannot be failed back.
 */
@Command(name = "failback", description = "Reverse a failover (POST /failbacks); --wait follows it")
public class FailbackCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Mixin
    Waiting waiting;

    @Parameters(index = "0", description = "The failback's name")
    String name;

    @Option(names = "--failover", required = true, description = "The failover to reverse")
    String failover;

    @Option(names = "--cluster", required = true, description = "The standby the failover went to")
    String cluster;

    @Option(
            names = "--from-backup",
            description = "The standby's backup to restore (default: its newest Completed one)")
    String backup;

    @Option(names = "--reason", description = "Why, for the record")
    String reason;

    @Override
    public Integer call() {
        ObjectNode request = BackupCommand.JSON
                .createObjectNode()
                .put("name", name)
                .put("cluster", cluster)
                .put("failover", failover);
        RolloutCommand.put(request, "backupName", backup);
        RolloutCommand.put(request, "reason", reason);
        Api.Answer accepted = common.api().post("dr", "/failbacks", request);
        common.out()
                .printf(
                        "Failback request \"%s\" of failover %s submitted by %s; follow it with `day2 drill get %s`.%n",
                        name, failover, accepted.body().path("requestedBy").asText(), name);
        return waiting.wait ? FailoverCommand.follow(common, waiting, "Failback", name) : 0;
    }
}
