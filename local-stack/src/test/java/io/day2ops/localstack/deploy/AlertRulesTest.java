package io.day2ops.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.day2ops.testing.PrometheusRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules of {@code k8s/components/monitoring} checked and unit-tested by the real tool: {@code promtool check
 * rules} over the PrometheusRule's groups, and {@code promtool test rules} over
 * {@code k8s/components/monitoring/tests/alerts.test.yaml} (series in, alerts with their labels and text out). Every
 * alert has a runbook in {@code docs/runbooks/} and at least one test case. Needs Debian's {@code prometheus} package
 * ({@code ./day2 test} installs it).
 */
class AlertRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path MONITORING = Path.of("k8s/components/monitoring");

    @TempDir
    Path work;

    @Test
    void everyRuleIsValidAndEveryAlertFiresAsItsUnitTestsSay() throws Exception {
        Path root = RepositoryFiles.root();
        Path rules = work.resolve("day2ops.rules.yaml");
        PrometheusRules.extract(root.resolve(MONITORING).resolve("monitoring.yaml"), rules);
        Files.copy(root.resolve(MONITORING).resolve("tests/alerts.test.yaml"), work.resolve("alerts.test.yaml"));

        assertThat(promtool("check", "rules", "day2ops.rules.yaml"))
                .contains("SUCCESS: " + alerts(rules).size());
        assertThat(promtool("test", "rules", "alerts.test.yaml")).contains("SUCCESS");
    }

    @Test
    void everyAlertHasARunbookAndAUnitTest() throws Exception {
        Path root = RepositoryFiles.root();
        Path rules = work.resolve("day2ops.rules.yaml");
        PrometheusRules.extract(root.resolve(MONITORING).resolve("monitoring.yaml"), rules);
        Set<String> tested = new TreeSet<>();
        YAML.readTree(root.resolve(MONITORING).resolve("tests/alerts.test.yaml").toFile())
                .path("tests")
                .forEach(test -> test.path("alert_rule_test")
                        .forEach(c -> tested.add(c.path("alertname").asText())));

        List<JsonNode> alerts = alerts(rules);
        assertThat(alerts)
                .extracting(alert -> alert.path("alert").asText())
                .contains(
                        "Day2BackupFailed",
                        "Day2BackupRpoBreached",
                        "Day2RestoreFailed",
                        "Day2DrillFailed",
                        "Day2DrillNotRun",
                        "Day2BackupNotProvenRestorable",
                        "Day2OutboxStuck",
                        "Day2OutboxParked",
                        "Day2DeadLetters",
                        "Day2ClusterUnreachable",
                        "Day2JobStuck");
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(name + "'s runbook_url").isEqualTo("docs/runbooks/" + name + ".md");
            assertThat(root.resolve(runbook)).as(name + "'s runbook").isRegularFile();
            assertThat(Files.readString(root.resolve(runbook)))
                    .as(name + "'s runbook names it and says what to do")
                    .startsWith("# " + name)
                    .contains("## What to do");
            assertThat(tested).as("alerts with a promtool test case").contains(name);
        }
    }

    /**
     * The Grafana dashboard (no Grafana here): valid JSON whose every panel query is valid PromQL (promtool checks them
     * as recording rules, Grafana's variables replaced) and reads only metrics documented in docs/metrics.md.
     */
    @Test
    void theDashboardsQueriesAreValidPromQlOverDocumentedMetrics() throws Exception {
        Path root = RepositoryFiles.root();
        JsonNode dashboard = new ObjectMapper()
                .readTree(root.resolve(MONITORING)
                        .resolve("dashboards/day2ops-fleet.json")
                        .toFile());
        String documented = Files.readString(root.resolve("docs/metrics.md"));
        List<String> expressions = new ArrayList<>();
        dashboard
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(t -> expressions.add(t.path("expr")
                                .asText()
                                .replace("$__rate_interval", "5m")
                                .replace("$__range", "1h")
                                .replace("$cluster", ".*"))));
        assertThat(expressions).hasSizeGreaterThan(15);
        com.fasterxml.jackson.databind.node.ObjectNode file = YAML.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode rules =
                file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        Set<String> metrics = new TreeSet<>();
        for (int i = 0; i < expressions.size(); i++) {
            rules.addObject().put("record", "dashboard:query_" + i).put("expr", expressions.get(i));
            java.util.regex.Matcher names =
                    java.util.regex.Pattern.compile("day2_[a-z_]+").matcher(expressions.get(i));
            while (names.find()) {
                metrics.add(names.group().replaceAll("_(bucket|count|sum)$", ""));
            }
        }
        YAML.writeValue(work.resolve("dashboard.rules.yaml").toFile(), file);

        assertThat(promtool("check", "rules", "dashboard.rules.yaml")).contains("SUCCESS: " + expressions.size());
        assertThat(metrics)
                .allSatisfy(metric -> assertThat(documented)
                        .as(metric + " is documented in docs/metrics.md")
                        .contains("`" + metric + "`"));
    }

    private static List<JsonNode> alerts(Path rules) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        YAML.readTree(rules.toFile())
                .path("groups")
                .forEach(group -> group.path("rules").forEach(alerts::add));
        return alerts;
    }

    private String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install -y prometheus (./day2 test does)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("promtool " + String.join(" ", args) + ":\n" + output)
                .isZero();
        return output;
    }
}
