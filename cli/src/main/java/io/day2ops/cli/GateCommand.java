package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code day2 gate check --cluster prod --target 1.31}: runs the upgrade gate and waits for its verdict. For a CI step:
 * exit 0 GO, 1 NO-GO (each failing check printed with its remediation), 2 usage or server error.
 */
@Command(
        name = "gate",
        description = "The pre-upgrade gate: GO or NO-GO, with the reasons",
        mixinStandardHelpOptions = true,
        subcommands = {GateCommand.Check.class, GateCommand.Get.class})
public class GateCommand {

    static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    @Command(name = "check", description = "Run the gate and wait for GO / NO-GO (exit 0 / 1; 2 on errors)")
    static class Check implements Callable<Integer> {

        @Mixin
        Common common;

        @Option(names = "--cluster", required = true, description = "The cluster to upgrade")
        String cluster;

        @Option(names = "--target", required = true, description = "The Kubernetes version to upgrade to, e.g. 1.31")
        String target;

        @Option(names = "--name", description = "The request's name (default: gate-<cluster>-<time>)")
        String name;

        @Option(names = "--max-backup-age", description = "Newest backup must be younger than this, e.g. 24h")
        String maxBackupAge;

        @Option(names = "--timeout", defaultValue = "10m", description = "How long to wait for the verdict")
        String timeout;

        @Override
        public Integer call() {
            String request = name != null ? name : "gate-" + cluster + "-" + NAME_TIME.format(Instant.now());
            ObjectNode body = BackupCommand.JSON
                    .createObjectNode()
                    .put("name", request)
                    .put("cluster", cluster)
                    .put("targetVersion", target)
                    .put("gateOnly", true);
            if (maxBackupAge != null) {
                body.put("maxBackupAge", maxBackupAge);
            }
            common.api().post("upgrade", "/gates", body);
            JsonNode report = new Waiter(common.api(), common.err(), Durations.parse(timeout, "--timeout"))
                    .until(
                            "upgrade",
                            "/gates/requests/" + request,
                            "gate " + request,
                            r -> r.hasNonNull("verdict"),
                            r -> r.hasNonNull("verdict") ? r.get("verdict").asText() : "checking");
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), report, List.of());
            } else {
                printReport(common, report);
            }
            return "Passed".equals(report.path("verdict").asText()) ? 0 : CliError.FAILED;
        }
    }

    @Command(name = "get", description = "A gate's report by its request name")
    static class Get implements Callable<Integer> {

        @Mixin
        Common common;

        @Parameters(index = "0", description = "The gate request's name")
        String name;

        @Override
        public Integer call() {
            JsonNode report = common.api().get("upgrade", "/gates/requests/" + name);
            if (!"table".equals(common.output())) {
                Output.print(common.out(), common.output(), report, List.of());
            } else {
                printReport(common, report);
            }
            return 0;
        }
    }

    static void printReport(Common common, JsonNode report) {
        boolean go = "Passed".equals(report.path("verdict").asText());
        common.out()
                .printf(
                        "%s: %s %s -> %s%n",
                        go ? "GO" : "NO-GO",
                        report.path("cluster").asText(),
                        report.path("currentVersion").asText("?"),
                        report.path("targetVersion").asText());
        int failing = 0;
        int warnings = 0;
        for (JsonNode check : report.path("checks")) {
            String verdict = check.path("verdict").asText();
            if ("PASS".equals(verdict)) {
                continue;
            }
            if ("FAIL".equals(verdict)) {
                failing++;
            } else {
                warnings++;
            }
            String resource = check.path("resource").isObject()
                    ? " " + check.get("resource").path("kind").asText() + " "
                            + (check.get("resource").hasNonNull("namespace")
                                    ? check.get("resource").get("namespace").asText() + "/"
                                    : "")
                            + check.get("resource").path("name").asText()
                    : "";
            common.out()
                    .printf(
                            "  %s %s%s: %s%n",
                            verdict,
                            check.path("id").asText(),
                            resource,
                            check.path("message").asText());
            if (check.hasNonNull("remediation")) {
                common.out().println("       fix: " + check.get("remediation").asText());
            }
        }
        common.out()
                .printf(
                        "%d checks, %d failing, %d warnings%n",
                        report.path("checks").size(), failing, warnings);
        common.out().flush();
    }
}
