package io.day2ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.testing.PeerServices;
import io.day2ops.testing.SharedIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged {@code day2} CLI as a person runs it — its own process, a config file, a login cached on disk —
 * against the four real services (their packaged jars, on the test's broker, database and issuer, with two sandbox
 * clusters): every subcommand, {@code --wait} to the end, the exit codes a CI step relies on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {}

    private final PeerServices services = new PeerServices(PeerServices.ALL);
    private Path home;
    private String run;

    @BeforeAll
    void stackAndLogin() throws Exception {
        Map<String, String> started = services.start();
        home = Files.createTempDirectory("day2-cli");
        ObjectNode context = JSON.createObjectNode();
        ObjectNode servers = context.putObject("servers");
        for (String service : List.of("scheduler", "backup", "upgrade", "dr")) {
            servers.put(service, started.get("test." + service + "-service.url"));
        }
        context.put("issuer", SharedIssuer.url());
        context.put("clientId", "day2ops-cli");
        ObjectNode config = JSON.createObjectNode().put("currentContext", "test");
        config.putObject("contexts").set("test", context);
        Files.writeString(home.resolve("config.json"), config.toString());
        run = UUID.randomUUID().toString().substring(0, 6);

        Run login = day2("operator-local\n", "login", "-u", "operator", "--password-stdin");
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("Logged in to test as operator.");
        Path token = home.resolve("tokens").resolve("test.json");
        assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    void stop() {
        services.stop();
    }

    @Test
    void backupCreateWaitsToCompletedThenGetDescribeLogsAndJsonShowIt() throws Exception {
        String name = "cli-" + run;
        Run created = day2(
                null,
                "backup",
                "create",
                name,
                "--cluster",
                "primary",
                "--include-namespaces",
                "default",
                "--ttl",
                "24h",
                "--wait");

        assertThat(created.exit()).as(created.out() + created.err()).isZero();
        assertThat(created.out())
                .contains("Backup request \"" + name + "\" submitted by /users/operator.")
                .contains("backup " + name + ": Completed")
                .containsPattern("Backup " + name + " Completed: \\d+ items");
        Run list = day2(null, "backup", "get", "--cluster", "primary");
        assertThat(list.out().lines().findFirst().orElseThrow())
                .startsWith("NAME")
                .contains("STATUS")
                .contains("REQUESTED BY");
        assertThat(list.out()).containsPattern(name + " +primary +Completed");
        assertThat(day2(null, "backup", "describe", name).out())
                .containsPattern("Requested By: +/users/operator")
                .containsPattern("Phase: +Completed")
                .contains("deployments.apps:")
                .contains("Phase History:")
                .contains("Request:");
        assertThat(day2(null, "backup", "describe", name, "--details").out())
                .contains("Details:")
                .doesNotContain("Progress:");
        JsonNode json =
                JSON.readTree(day2(null, "backup", "get", name, "-o", "json").out());
        assertThat(json.path("phase").asText()).isEqualTo("Completed");
        assertThat(day2(null, "backup", "get", name, "-o", "yaml").out()).contains("phase: Completed");
        assertThat(day2(null, "backup", "logs", name).out()).isNotBlank();

        Run selected = day2(
                null,
                "backup",
                "create",
                name + "-or",
                "--cluster",
                "primary",
                "--or-selector",
                "app=critical-app or app=web",
                "--include-namespace-scoped-resources",
                "services,deployments,certificates.pki.day2ops.io",
                "--exclude-cluster-scoped-resources",
                "*",
                "--wait");
        assertThat(selected.exit()).as(selected.out() + selected.err()).isZero();
        assertThat(selected.out())
                .as("the Service and Deployment labelled app=critical-app, the Certificate labelled app=web")
                .contains("Backup " + name + "-or Completed: 3 items");
        assertThat(selected.err()).doesNotContain("Warning");

        Run again = day2(null, "backup", "create", name, "--cluster", "primary");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("409").contains("backup '" + name + "' exists already");

        // an admin downloads it (every part checked against the manifest), then deletes it
        Path adminHome = Files.createTempDirectory("day2-cli-admin");
        Files.copy(home.resolve("config.json"), adminHome.resolve("config.json"));
        assertThat(day2In(adminHome, "admin-local\n", "login", "-u", "admin", "--password-stdin")
                        .exit())
                .isZero();
        assertThat(day2(
                                null,
                                "backup",
                                "download",
                                name,
                                "--to",
                                home.resolve("x.tar").toString())
                        .err())
                .contains("403");
        Path tar = adminHome.resolve(name + "-data.tar");
        Run downloaded = day2In(adminHome, null, "backup", "download", name, "--to", tar.toString());
        assertThat(downloaded.exit()).as(downloaded.out() + downloaded.err()).isZero();
        assertThat(downloaded.out())
                .containsPattern("Backup " + name + " downloaded to " + java.util.regex.Pattern.quote(tar.toString())
                        + " \\(\\d+ parts, [\\d.]+ [KM]?i?B\\); every part matches its manifest");
        assertThat(Files.size(tar)).isPositive();
        Run deleted = day2In(adminHome, null, "backup", "delete", name, "--confirm");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("Backup \"" + name + "\" deleted.");
        assertThat(day2(null, "backup", "get", name).err()).contains("404");
    }

    @Test
    void restoreFromABackupAndFromASchedulesNewestBackup() throws Exception {
        String schedule = "cli-nightly-" + run;
        Run created = day2(
                null,
                "schedule",
                "create",
                schedule,
                "--schedule",
                "0 1 * * *",
                "--cluster",
                "primary",
                "--include-namespaces",
                "default",
                "--paused");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(day2(null, "schedule", "get").out()).containsPattern(schedule + " +backup +primary +Paused");
        Run fired = day2(null, "schedule", "trigger", schedule);
        assertThat(fired.exit()).as(fired.err()).isZero();
        String backup =
                fired.out().replaceAll("(?s).*backup \"([^\"]+)\".*", "$1").strip();
        assertThat(backup).startsWith(schedule + "-").endsWith("-manual");
        Run waited = day2(null, "backup", "get", backup, "-o", "json");
        for (int i = 0; i < 60 && !waited.out().contains("\"Completed\""); i++) {
            Thread.sleep(500);
            waited = day2(null, "backup", "get", backup, "-o", "json");
        }
        assertThat(waited.out()).contains("\"Completed\"");

        String restore = "cli-from-schedule-" + run;
        Run restored = day2(
                null,
                "restore",
                "create",
                restore,
                "--from-schedule",
                schedule,
                "--cluster",
                "standby",
                "--namespace-mappings",
                "default:cli-restored-" + run,
                "--wait");
        assertThat(restored.exit()).as(restored.out() + restored.err()).isZero();
        assertThat(restored.out()).contains("Restore " + restore + " Completed from backup " + backup);
        assertThat(day2(null, "restore", "get").out())
                .containsPattern(restore + " +" + backup + " +standby +Completed");
        assertThat(day2(null, "restore", "describe", restore, "--details").out())
                .contains("Items:")
                .containsPattern("Phase History:");
        assertThat(day2(null, "restore", "logs", restore).out())
                .contains("restore " + restore + " of backup " + backup + " into standby")
                .containsPattern("Created deployments.apps cli-restored-" + run + "/critical-app")
                .contains("restore " + restore + " Completed");

        // the same restore again as a dry run: its diff against what the first one created says nothing would change
        String dry = "cli-dry-" + run;
        Run planned = day2(
                null,
                "restore",
                "create",
                dry,
                "--from-backup",
                backup,
                "--cluster",
                "standby",
                "--namespace-mappings",
                "default:cli-restored-" + run,
                "--dry-run",
                "--wait");
        assertThat(planned.exit()).as(planned.out() + planned.err()).isZero();
        Run diff = day2(null, "restore", "diff", dry);
        assertThat(diff.out())
                .as(diff.err())
                .contains("= deployments.apps cli-restored-" + run + "/critical-app")
                .containsPattern("restore " + dry + " of backup " + backup
                        + " into standby: 0 to create, 0 differ, \\d+" + " unchanged");
        assertThat(diff.exit()).as("nothing would change").isZero();
        Run found = day2(null, "catalog", "find", "cm/critical-app-config", "-n", "default", "--cluster", "primary");
        assertThat(found.exit()).as(found.err()).isZero();
        assertThat(found.out())
                .contains("ConfigMap default/critical-app-config in cluster primary")
                .contains(backup);
        Run same = day2(null, "backup", "diff", backup, backup);
        assertThat(same.out()).contains("backup " + backup + " -> " + backup + ": 0 added, 0 removed, 0 changed");
        assertThat(same.exit()).isZero();

        assertThat(day2(null, "schedule", "unpause", schedule).out()).contains("unpaused");
        assertThat(day2(null, "schedule", "pause", schedule).out()).contains("paused");
        assertThat(day2(null, "schedule", "delete", schedule).exit()).isZero();
        Run gone = day2(null, "schedule", "get", schedule);
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).contains("404");
    }

    @Test
    void gateCheckExitsZeroOnGoOneOnNoGoWithTheRemediationAndTwoOnErrors() throws Exception {
        // the gate wants a fresh backup of the cluster
        assertThat(day2(null, "backup", "create", "cli-pre-gate-" + run, "--cluster", "primary", "--wait")
                        .exit())
                .isZero();
        Run go = day2(null, "gate", "check", "--cluster", "primary", "--target", "1.31");
        assertThat(go.exit()).as(go.out() + go.err()).isZero();
        assertThat(go.out()).startsWith("GO: primary v1.30.4 -> 1.31");

        Run noGo = day2(null, "gate", "check", "--cluster", "primary", "--target", "1.33");
        assertThat(noGo.exit()).isEqualTo(1);
        assertThat(noGo.out())
                .startsWith("NO-GO: primary v1.30.4 -> 1.33")
                .contains("FAIL control-plane-version-step")
                .contains("fix: upgrade one minor version at a time: first to 1.31");

        Run usage = day2(null, "gate", "check", "--cluster", "primary");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required option: '--target");

        Run badName = day2(null, "gate", "check", "--cluster", "primary", "--target", "1.31", "--name", "Not_A_Name");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("400").contains("name:");
    }

    @Test
    void aDrillRunsToItsVerdictAndClustersShowsBothSandboxes() throws Exception {
        String lab = "cli-lab-" + run;
        assertThat(day2(
                                null,
                                "backup",
                                "create",
                                lab,
                                "--cluster",
                                "primary",
                                "--include-namespaces",
                                "default",
                                "--wait")
                        .exit())
                .isZero();
        String drill = "cli-drill-" + run;
        Run ran = day2(
                null,
                "drill",
                "run",
                drill,
                "--cluster",
                "primary",
                "--target-cluster",
                "standby",
                "--from-backup",
                lab,
                "--namespace-mappings",
                "default:drill-cli-" + run,
                "--wait");
        assertThat(ran.exit()).as(ran.out() + ran.err()).isZero();
        assertThat(ran.out()).containsPattern("Drill " + drill + " Passed: RTO \\S+, RPO \\S+");
        assertThat(day2(null, "drill", "get").out()).containsPattern(drill + " +primary +standby +" + lab + " +Passed");
        assertThat(day2(null, "drill", "describe", drill).out()).containsPattern("Passed: +true");

        Run status = day2(null, "status");
        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out()).containsPattern("dr-service +http://\\S+ +yes");

        Run clusters = day2(null, "clusters");
        assertThat(clusters.out()).containsPattern("primary +yes").containsPattern("standby +yes");
    }

    /** 10,000 config maps in one namespace of the primary sandbox, written 8 at a time; returns the namespace. */
    private String tenThousandObjects() throws Exception {
        if (bulk != null) {
            return bulk;
        }
        String namespace = "bulk-" + run;
        var client = services.clusters().get(0).client();
        client.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                writes.add(pool.submit(() -> client.configMaps()
                        .inNamespace(namespace)
                        .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("settings-" + n)
                                .endMetadata()
                                .withData(Map.of("settings.yaml", "replicas: 3\nfeature-" + n + ": enabled\n"))
                                .build())
                        .create()));
            }
            for (var write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        bulk = namespace;
        return namespace;
    }

    private String bulk;

    @Test
    void backupCreateWaitOnATerminalDrawsAProgressBarThatAdvancesThenTheSummaryLine() throws Exception {
        String namespace = tenThousandObjects();
        String name = "cli-tty-" + run;
        Path jar = Path.of("target", "cli-0.1.0-SNAPSHOT.jar").toAbsolutePath();
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        // script(1) gives the CLI a pseudo-terminal, as a person's shell would: it draws in place with \r
        ProcessBuilder builder = new ProcessBuilder(
                "script",
                "-qefc",
                javaCommand + " -jar " + jar + " backup create " + name + " --cluster primary --include-namespaces "
                        + namespace + " --wait",
                "/dev/null");
        builder.environment().put("DAY2_CONFIG", home.resolve("config.json").toString());
        builder.environment().put("COLUMNS", "160");
        builder.environment().remove("DAY2_PLAIN");
        Path out = Files.createTempFile(home, "tty", ".txt");
        builder.redirectOutput(out.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        services.clusters().get(0).faults().slow(java.time.Duration.ofMillis(250)); // a few seconds, not one
        int exit;
        try {
            Process process = builder.start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES))
                    .as("backup create --wait ended")
                    .isTrue();
            exit = process.exitValue();
        } finally {
            services.clusters().get(0).faults().clear();
        }
        String screen = Files.readString(out);

        assertThat(exit).as(screen).isZero();
        // every redraw: \r, clear the line, then "backup <name>: InProgress  3s  [####----]  4,500/10,001 items  44%
        // ..."
        java.util.regex.Matcher frame = java.util.regex.Pattern.compile(
                        "\\[(#*)-*\\]  ([\\d,]+)/([\\d,]+) items  (\\d+)%")
                .matcher(screen);
        List<Integer> percents = new ArrayList<>();
        long total = 0;
        while (frame.find()) {
            percents.add(Integer.parseInt(frame.group(4)));
            total = Long.parseLong(frame.group(3).replace(",", ""));
        }
        assertThat(screen).contains("\r\033[2Kbackup " + name + ": InProgress");
        assertThat(percents.stream().distinct().count())
                .as("the bar advanced through several values: %s", percents)
                .isGreaterThanOrEqualTo(3);
        assertThat(percents).as("and never went back").isSorted();
        assertThat(total)
                .as("items expected, from the API server's remainingItemCount")
                .isGreaterThanOrEqualTo(10_000);
        assertThat(screen)
                .containsPattern("Backup " + name + " Completed: 100\\d\\d items, [\\d.]+ [KM]iB in \\d+s, 0"
                        + " warnings, 0 errors");
    }

    @Test
    void aBackupCancelledMidWayFromTheCliEndsCancelled() throws Exception {
        String namespace = tenThousandObjects();
        String name = "cli-cancel-" + run;
        services.clusters().get(0).faults().slow(java.time.Duration.ofSeconds(1));
        try {
            assertThat(day2(null, "backup", "create", name, "--cluster", "primary", "--include-namespaces", namespace)
                            .exit())
                    .isZero();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            JsonNode backup;
            do {
                Thread.sleep(300);
                backup = JSON.readTree(
                        day2(null, "backup", "get", name, "-o", "json").out());
            } while (!backup.path("progress").has("itemsDone") && System.nanoTime() < until);
            assertThat(backup.path("phase").asText()).isEqualTo("InProgress");

            Run cancelled = day2(null, "cancel", "backup", name, "--wait");

            assertThat(cancelled.exit()).as(cancelled.out() + cancelled.err()).isZero();
            assertThat(cancelled.out())
                    .contains("backup " + name + ": it stops at its next safe point")
                    .contains("backup " + name + " Cancelled");
        } finally {
            services.clusters().get(0).faults().clear();
        }
        assertThat(day2(null, "backup", "describe", name).out())
                .containsPattern("Failure Reason: +cancelled by /users/operator")
                .containsPattern("Cancel Requested By: +/users/operator");
        Run again = day2(null, "cancel", "backup", "cli-" + run + "-never");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("404");
    }

    @Test
    void aRolloutADrainAndAFailoverFromTheCli() throws Exception {
        String rollout = "cli-rollout-" + run;
        Run rolled = day2(
                null,
                "rollout",
                "create",
                rollout,
                "--cluster",
                "primary",
                "--workload",
                "deploy/critical-app",
                "--image",
                "nginx:1.26",
                "--max-surge",
                "1",
                "--max-unavailable",
                "0",
                "--progress-deadline",
                "60s",
                "--wait");
        assertThat(rolled.exit()).as(rolled.out() + rolled.err()).isZero();
        assertThat(rolled.out()).contains("Rollout " + rollout + " Succeeded");
        assertThat(day2(null, "rollout", "get", rollout).out()).contains("3 of 3 replicas updated and available");
        Run back = day2(
                null,
                "rollout",
                "create",
                rollout + "-back",
                "--cluster",
                "primary",
                "--workload",
                "deployment/critical-app",
                "--image",
                "nginx:1.25",
                "--wait");
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
        assertThat(day2(null, "rollout", "create", "x", "--cluster", "primary", "--workload", "pod/x", "--image", "y")
                        .err())
                .contains("--workload 'pod/x': expected deployment/NAME or statefulset/NAME");

        Run predicted = day2(
                null,
                "drain",
                "create",
                "cli-drain-plan-" + run,
                "--cluster",
                "primary",
                "--nodes",
                "primary-worker-1,primary-worker-2",
                "--dry-run");
        assertThat(predicted.exit())
                .as("both workers cordoned in turn leave critical-app nowhere: " + predicted.out() + predicted.err())
                .isEqualTo(1);
        assertThat(predicted.out())
                .contains("(dry run): would end Failed")
                .contains("node primary-worker-1: would drain")
                .contains("node primary-worker-2: would NOT drain")
                .contains("blocked: its ")
                .contains("the drain would stop at node primary-worker-2");

        String drain = "cli-drain-" + run;
        Run drained = day2(
                null,
                "drain",
                "create",
                drain,
                "--cluster",
                "primary",
                "--nodes",
                "primary-worker-1",
                "--uncordon",
                "--node-timeout",
                "60s",
                "--wait");
        assertThat(drained.exit()).as(drained.out() + drained.err()).isZero();
        assertThat(drained.out()).contains("Drain " + drain + " Drained");
        assertThat(day2(null, "drain", "get").out()).containsPattern(drain + " +primary +Drained +1 ");

        String failover = "cli-failover-" + run;
        Run failed = day2(
                null,
                "failover",
                failover,
                "--cluster",
                "primary",
                "--target-cluster",
                "standby",
                "--namespace-mappings",
                "default:fo-" + run,
                "--wait",
                "--timeout",
                "4m");
        assertThat(failed.out()).contains("Failover request \"" + failover + "\" submitted by /users/operator");
        assertThat(failed.out()).containsPattern("Failover " + failover + " (Passed|Failed): RTO ");
        assertThat(day2(null, "drill", "get", failover).out()).contains(failover);

        Run unknown = day2(null, "failback", "cli-failback-x-" + run, "--failover", "no-such", "--cluster", "standby");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("404").contains("failover 'no-such' does not exist");
        Run failback = day2(null, "failback", "cli-failback-" + run, "--failover", failover, "--cluster", "standby");
        if (failed.out().contains("Failover " + failover + " Passed")) {
            assertThat(failback.exit()).as(failback.out() + failback.err()).isZero();
            assertThat(failback.out())
                    .contains("Failback request \"cli-failback-" + run + "\" of failover " + failover
                            + " submitted by /users/operator");
        } else {
            assertThat(failback.exit()).isEqualTo(2);
            assertThat(failback.err()).contains("409").contains("did not succeed");
        }
    }

    @Test
    void aViewerIsRefusedWithTheRoleNamedAndAnUnreachableServerIsExitTwo() throws Exception {
        Path viewerHome = Files.createTempDirectory("day2-cli-viewer");
        Files.copy(home.resolve("config.json"), viewerHome.resolve("config.json"));
        Run login = day2In(viewerHome, "viewer-local\n", "login", "-u", "viewer", "--password-stdin");
        assertThat(login.exit()).as(login.err()).isZero();
        Run refused = day2In(viewerHome, null, "backup", "create", "by-viewer-" + run, "--cluster", "primary");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("403").contains("needs role operator");
        assertThat(day2In(viewerHome, null, "backup", "get").exit()).isZero();

        Files.writeString(
                viewerHome.resolve("config.json"),
                Files.readString(viewerHome.resolve("config.json"))
                        .replaceAll("\"backup\":\"[^\"]+\"", "\"backup\":\"http://127.0.0.1:9\""));
        Run down = day2In(viewerHome, null, "backup", "get");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err()).contains("cannot reach backup-service at http://127.0.0.1:9");
        Run status = day2In(viewerHome, null, "status");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).containsPattern("backup-service +http://127.0.0.1:9 +unreachable");

        Path nobody = Files.createTempDirectory("day2-cli-none");
        Files.copy(home.resolve("config.json"), nobody.resolve("config.json"));
        Run notLoggedIn = day2In(nobody, null, "backup", "get");
        assertThat(notLoggedIn.exit()).isEqualTo(2);
        assertThat(notLoggedIn.err()).contains("not logged in for context 'test': day2 login --context test");
    }

    private Run day2(String stdin, String... args) throws IOException, InterruptedException {
        return day2In(home, stdin, args);
    }

    /** Runs the packaged CLI with {@code DAY2_CONFIG} in {@code dir}, as a user would. */
    static Run day2In(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "cli-0.1.0-SNAPSHOT.jar");
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DAY2_CONFIG", dir.resolve("config.json").toString());
        builder.environment().remove("DAY2_TOKEN");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("day2 " + String.join(" ", args) + " did not end in 5 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
