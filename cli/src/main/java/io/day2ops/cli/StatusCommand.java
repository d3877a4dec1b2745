package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code day2 status}: whether each service of the context is up and ready (its readiness check, no token needed),
 * and which checks are down. Exit 0 when all four are ready, 1 otherwise.
 */
@Command(name = "status", description = "Are the four services up and ready? (exit 1 if one is not)")
public class StatusCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Override
    public Integer call() {
        ArrayNode rows = BackupCommand.JSON.createArrayNode();
        boolean allReady = true;
        for (String service : List.of("scheduler", "backup", "upgrade", "dr")) {
            Api.Answer health = common.api().health(service);
            boolean ready = health.status() == 200;
            allReady &= ready;
            StringBuilder down = new StringBuilder();
            if (health.body() != null) {
                for (JsonNode check : health.body().path("checks")) {
                    if (!"UP".equals(check.path("status").asText())) {
                        down.append(down.isEmpty() ? "" : ", ")
                                .append(check.path("name").asText());
                    }
                }
            }
            rows.addObject()
                    .put("service", service + "-service")
                    .put("url", common.api().context().server(service))
                    .put("ready", ready ? "yes" : health.status() == 0 ? "unreachable" : "NO (" + health.status() + ")")
                    .put(
                            "down",
                            down.isEmpty()
                                    ? health.body() == null
                                            ? ""
                                            : health.body().path("error").asText("")
                                    : down.toString());
        }
        Output.print(
                common.out(),
                common.output(),
                rows,
                List.of(
                        Output.Column.field("service", "service"),
                        Output.Column.field("url", "url"),
                        Output.Column.field("ready", "ready"),
                        Output.Column.field("checks down", "down")));
        return allReady ? 0 : CliError.FAILED;
    }
}
