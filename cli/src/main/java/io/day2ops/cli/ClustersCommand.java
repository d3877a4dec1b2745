package io.day2ops.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code day2 clusters}: the clusters day2ops reaches, and whether their API answers, as backup-service sees them. */
@Command(name = "clusters", description = "The managed clusters and whether their API answers")
public class ClustersCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Override
    public Integer call() {
        Output.print(
                common.out(),
                common.output(),
                common.api().get("backup", "/clusters"),
                List.of(
                        Output.Column.field("name", "cluster"),
                        new Output.Column(
                                "reachable",
                                c -> c.path("reachable").isBoolean()
                                        ? (c.get("reachable").asBoolean() ? "yes" : "NO")
                                        : "unknown"),
                        Output.Column.field("version", "version"),
                        Output.Column.field("latency ms", "latencyMillis"),
                        Output.Column.age("last seen", "lastSeen"),
                        Output.Column.field("error", "error"),
                        Output.Column.age("checked", "checkedAt")));
        return 0;
    }
}
