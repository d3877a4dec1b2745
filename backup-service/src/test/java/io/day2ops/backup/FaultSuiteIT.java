package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.backup.storage.StoredPart;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.FaultFigures;
import io.day2ops.testing.LocalPrometheus;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault suite ({@code ./day2 check faults}): each fault is a bounded loop of backup requests against backup-service
 * run as packaged processes (real broker, database and storage, sandbox clusters), and each prints one line of figures —
 * requests sent, answered (a SnapshotTaken, a BackupFailed with its cause, or a dead letter with its reason), duplicate
 * answers (more than one distinct answer event for one request), lost (no answer at all) and corrupt-but-Completed
 * (a Completed backup whose stored bytes do not match its manifest or its SnapshotTaken). The target for every line is
 * 0 lost, 0 duplicates, 0 corrupt; a line that misses it fails the suite. The figures go to
 * {@code target/faults.txt}.
 *
 * <p>The fast half runs in CI ({@code ./day2 test}); {@code -Dfaults=all} ({@code ./day2 check faults}) runs every
 * fault with longer loops, PostgreSQL frozen for 90 s and a cluster answering every call in 10 s.
 */
class FaultSuiteIT {

    private static final boolean ALL = "all".equals(System.getProperty("faults"));
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(ALL ? 300 : 120);
    private static final List<FaultFigures> RESULTS = new CopyOnWriteArrayList<>();

    /** A lease short enough that a lost replica's jobs are taken over within seconds. */
    private static final Map<String, String> SHORT_LEASE =
            Map.of("day2.jobs.lease", "6s", "day2.jobs.heartbeat-interval", "1s");

    /** The slow half: runs with {@code -Dfaults=all} ({@code ./day2 check faults}), not in CI. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target({java.lang.annotation.ElementType.METHOD, java.lang.annotation.ElementType.TYPE})
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
            named = "faults",
            matches = "all",
            disabledReason = "slow half of the fault suite: ./day2 check faults")
    @interface SlowHalf {}

    private static PackagedReplicas replicas;
    private static LocalPrometheus prometheus;
    private static String key;

    @BeforeAll
    static void infrastructure() throws Exception {
        replicas = PackagedReplicas.start("faults");
        prometheus = LocalPrometheus.start();
        key = PackagedReplicas.randomKey();
    }

    @AfterAll
    static void report() {
        FaultFigures.report(
                "day2ops fault suite, backup-service (" + (ALL ? "all faults" : "fast half") + ")", RESULTS);
        if (replicas != null) {
            replicas.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void badInputIsDeadLetteredWithAReasonAndNothingIsProcessed() throws Exception {
        ServiceProcess service = start(Map.of());
        try {
            List<BadInput.Case> cases =
                    BadInput.cases(UUID.randomUUID().toString().substring(0, 8));
            for (BadInput.Case bad : cases) {
                replicas.bus.publishRaw(bad.topic(), bad.key(), bad.headers(), bad.value());
            }
            Set<String> keys = new HashSet<>();
            cases.forEach(c -> keys.add(c.key()));
            Map<String, List<ConsumerRecord<String, String>>> dead = new HashMap<>();
            for (String topic : List.of(EventType.BACKUP_REQUESTED.topic(), EventType.RESTORE_REQUESTED.topic())) {
                for (ConsumerRecord<String, String> record : replicas.bus.await(
                        topic + ".dlq",
                        r -> keys.contains(r.key()),
                        (int) cases.stream()
                                .filter(c -> c.topic().equals(topic))
                                .count(),
                        ANSWER_TIMEOUT)) {
                    dead.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
                }
            }
            List<String> missing = new ArrayList<>();
            int duplicates = 0;
            for (BadInput.Case bad : cases) {
                List<ConsumerRecord<String, String>> records = dead.getOrDefault(bad.key(), List.of());
                if (records.isEmpty()) {
                    missing.add(bad.what());
                    continue;
                }
                duplicates += records.size() - 1;
                assertThat(BusClient.header(records.get(0), "dead-letter-reason"))
                        .as("the reason for " + bad.what())
                        .isNotBlank();
            }
            int lost = missing.size();
            record(new FaultFigures(
                    "bad input (" + cases.size() + " kinds)",
                    cases.size(),
                    cases.size() - lost,
                    duplicates,
                    lost,
                    0,
                    lost == 0
                            ? "each on <topic>.dlq with dead-letter-reason; "
                                    + alert("Day2DeadLetters", "firing", service, Map.of())
                            : "not dead-lettered: " + missing));
            assertThat(missing).as("bad input that was not dead-lettered").isEmpty();
            assertThat(service.log()).doesNotContain("OutOfMemoryError");
        } finally {
            service.close();
        }
    }

    @Test
    void killMinus9MidBackupLosesNothingAndCorruptsNothing() throws Exception {
        int count = ALL ? 20 : 6;
        ServiceProcess victim = start(SHORT_LEASE);
        ServiceProcess survivor = start(SHORT_LEASE);
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofMillis(200)); // long enough to be mid-backup
            List<String> names = request("kill", count);
            Thread.sleep(3_000);
            victim.kill();
            replicas.clusters.get(0).faults().clear();
            FaultFigures figures =
                    judge("kill -9 of a replica mid-backup", names, "the other replica took its jobs over");
            record(figures.withNote(
                    figures.note() + "; " + alert("Day2ServiceDown", "pending", victim, Map.of()) + " (for: 5m)"));
        } finally {
            replicas.clusters.get(0).faults().clear();
            victim.close();
            survivor.close();
        }
    }

    @Test
    void aClusterAnswering500OrUnreachableFailsEachBackupWithTheCause() throws Exception {
        ServiceProcess service = start(Map.of(
                "day2.clusters.flaky.url",
                replicas.clusters.get(0).url(),
                "day2.clusters.unreachable.url",
                "http://127.0.0.1:9",
                "day2.clusters.unreachable.request-timeout",
                "2s"));
        try {
            replicas.clusters.get(0).faults().failWith(500);
            // the primary sandbox under a name of its own, so the alert's share of failing calls is this fault's, not
            // diluted by the earlier tests' thousands of good calls to "primary" within its 10-minute window
            List<String> failing = request("http500", ALL ? 10 : 3, "flaky");
            FaultFigures answered500 = judge("cluster API answering 500", failing, "");
            replicas.clusters.get(0).faults().clear();
            record(answered500.withNote(failedWith(service, failing, "500") + " " + answered500.note() + "; "
                    + alert("Day2ClusterApiErrors", "pending", service, Map.of("cluster", "flaky"))
                    + " (for: 10m)"));
            List<String> unreachable = new ArrayList<>();
            for (int i = 0; i < (ALL ? 10 : 3); i++) {
                String name = "unreachable-" + UUID.randomUUID().toString().substring(0, 8);
                unreachable.add(name);
                replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                        .name(name)
                        .cluster("unreachable")
                        .includedNamespaces(List.of("default"))
                        .build());
            }
            FaultFigures down = judge("cluster API unreachable", unreachable, "");
            record(down.withNote(failedWith(service, unreachable, "unreachable") + " " + down.note() + "; "
                    + alert("Day2ClusterUnreachable", "pending", service, Map.of("cluster", "unreachable"))
                    + " (for: 5m)"));
        } finally {
            replicas.clusters.get(0).faults().clear();
            service.close();
        }
    }

    @Test
    void aRestoreWhoseWritesGoUnansweredFailsItsItemsNamingTheTimeoutAndEnds() throws Exception {
        ServiceProcess service = start(Map.of("day2.clusters.standby.request-timeout", "2s"));
        SandboxCluster standby = replicas.clusters.get(1);
        try {
            List<String> source = request("restoresrc", 1);
            judge("(the backup restored below)", source, "");
            standby.faults().slowAdmission(Duration.ofSeconds(5)); // every object write answers in 5 s
            String name = "slowwrites-" + UUID.randomUUID().toString().substring(0, 8);
            replicas.bus.publish(RestoreRequestedBuilder.restoreRequested()
                    .name(name)
                    .cluster("standby")
                    .backupName(source.get(0))
                    .includedNamespaces(List.of("default"))
                    .namespaceMapping(Map.of("default", "slow-" + name))
                    .build());
            var answers = io.day2ops.testing.Answers.await(
                    replicas.bus, List.of(EventType.RESTORE_COMPLETED), List.of(name), ANSWER_TIMEOUT);
            FaultFigures figures = FaultFigures.of(
                    "restore, object writes answered in 5 s (timeout 2 s)",
                    List.of(name),
                    io.day2ops.testing.Answers.ids(answers),
                    0,
                    "");
            String note = "no answer";
            if (answers.containsKey(name)) {
                JsonNode event = Json.MAPPER.readTree(
                        answers.get(name).values().iterator().next().value());
                List<String> errors = RestAssured.given()
                        .auth()
                        .oauth2(SharedIssuer.token("viewer"))
                        .get(service.url() + "/restores/" + name + "/items")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("findAll { it.action == 'Failed' }.message", String.class);
                long named = errors.stream()
                        .filter(e -> e.contains("no answer within 2s (day2.clusters.standby.request-timeout)"))
                        .count();
                note = event.path("phase").asText() + ", "
                        + event.path("errors").asInt() + " errors, " + named
                        + " of them naming day2.clusters.standby.request-timeout";
                assertThat(event.path("phase").asText()).isIn("Failed", "PartiallyFailed");
                assertThat(event.path("failureReason").asText()).contains("(day2.clusters.standby.request-timeout)");
                assertThat(named).as(errors.toString()).isPositive().isEqualTo(errors.size());
                assertThat(errors).hasSize(event.path("errors").asInt());
                note += "; " + alert("Day2RestoreFailed", "firing", service, Map.of("outcome", "PartiallyFailed"));
            }
            record(figures.withNote(note).assertClean());
        } finally {
            standby.faults().clear();
            service.close();
        }
    }

    @Test
    @SlowHalf
    void aReplicaFrozenPastItsLeaseLosesNothing() throws Exception {
        ServiceProcess frozen = start(SHORT_LEASE);
        ServiceProcess other = start(SHORT_LEASE);
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofMillis(200));
            List<String> names = request("sigstop", 10);
            Thread.sleep(3_000);
            frozen.pause();
            long frozenAt = System.nanoTime();
            String seen = alert("Day2ServiceDown", "pending", frozen, Map.of()) + " (for: 5m)";
            Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - frozenAt) / 1_000_000)); // more than three leases
            frozen.resume();
            replicas.clusters.get(0).faults().clear();
            record(judge(
                    "SIGSTOP of a replica past its lease (20 s)",
                    names,
                    "the other took over; woken, it wrote nothing; " + seen));
        } finally {
            replicas.clusters.get(0).faults().clear();
            frozen.close();
            other.close();
        }
    }

    @Test
    @SlowHalf
    void postgresFrozenFor90SecondsUnderLoadLosesNothing() throws Exception {
        ServiceProcess first = start(SHORT_LEASE);
        ServiceProcess second = start(SHORT_LEASE);
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofMillis(100));
            List<String> names = request("pgstop", 20);
            Thread.sleep(2_000);
            List<ProcessHandle> postgres = postgresProcesses();
            try {
                signal("STOP", postgres);
                Thread.sleep(90_000);
            } finally {
                signal("CONT", postgres);
            }
            replicas.clusters.get(0).faults().clear();
            record(judge(
                    "PostgreSQL frozen (SIGSTOP) 90 s under load",
                    names,
                    postgres.size() + " postgres processes frozen"));
        } finally {
            replicas.clusters.get(0).faults().clear();
            first.close();
            second.close();
        }
    }

    @Test
    @SlowHalf
    void aClusterAnsweringEveryCallIn10SecondsOr429StillAnswersEachBackup() throws Exception {
        ServiceProcess service = start(Map.of());
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofSeconds(10));
            List<String> slow = new ArrayList<>();
            String name = "slow-" + UUID.randomUUID().toString().substring(0, 8);
            slow.add(name);
            replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .includedResources(List.of("deployments", "configmaps"))
                    .build());
            record(judge("cluster API answering every call in 10 s", slow, "", Duration.ofMinutes(15)));
            replicas.clusters.get(0).faults().clear();
            replicas.clusters.get(0).faults().failWith(429);
            List<String> throttled = request("http429", 2);
            FaultFigures figures =
                    judge("cluster API answering 429 (throttled)", throttled, "", Duration.ofMinutes(10));
            replicas.clusters.get(0).faults().clear();
            record(figures.withNote(failedWith(service, throttled, "429") + " " + figures.note()));
        } finally {
            replicas.clusters.get(0).faults().clear();
            service.close();
        }
    }

    @Test
    @SlowHalf
    void aFullDiskFailsBackupsWithTheCauseAndLeavesNoCorruptCompletedBackup() throws Exception {
        Path tiny = Files.createTempDirectory("day2-full-disk");
        run("mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", tiny.toString());
        ServiceProcess service = null;
        try {
            service = replicas.replica(Map.of(
                    "day2.storage.locations.default.path",
                    tiny.toString(),
                    "day2.backup.encryption-key",
                    key,
                    "day2.backup.verify-etcd-snapshots",
                    "false"));
            List<String> names = request("diskfull", 6);
            FaultFigures figures =
                    judge("disk full on the filesystem location (192 KiB)", names, "", ANSWER_TIMEOUT, tiny);
            record(figures.withNote(
                    failedWith(service, names, "space") + ", the others Completed and verified " + figures.note()));
        } finally {
            if (service != null) {
                service.close();
            }
            run("umount", tiny.toString());
        }
    }

    /**
     * A topic whose {@code max.message.bytes} shrinks below an answer's size while the service runs. Handed to the
     * producer, such a record made it split and retry without end and its network thread die of a StackOverflowError
     * (KAFKA-8350; seen here 2026-12-03 before the fix: 92,546 splits in 2 minutes, nothing parked, the outbox
     * wedged). The relay now reads each topic's limit ({@code TopicLimits}, refreshed every {@code
     * day2.outbox.topic-limits-refresh}, 2 s here) and parks a row over it before sending: the answers are parked with
     * the reason, the alert fires, and once the limit is put back an admin's retry delivers each exactly once.
     */
    @Test
    @SlowHalf
    void answersTheBrokerRefusesAsTooLargeAreParkedVisiblyAndDeliveredWhenRetried() throws Exception {
        ServiceProcess service = start(Map.of("day2.outbox.topic-limits-refresh", "2s"));
        String topic = EventType.SNAPSHOT_TAKEN.topic();
        try {
            List<String> before = request("fits", 1); // answered under the broker's limit: the relay has read it
            assertThat(judge("(before the limit shrinks)", before, "").lost()).isZero();
            maxMessageBytes(topic, "512");
            Thread.sleep(
                    3_000); // one refresh period and a bit // someone shrank the topic's limit: every SnapshotTaken is
            // now too large
            List<String> names = request("toolarge", 3);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            List<Map<String, Object>> parked = List.of();
            while (parked.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                parked = outbox(service).getList("parked");
            }
            assertThat(parked).as("parked rows in GET /outbox").isNotEmpty();
            String reason = String.valueOf(parked.get(0).get("reason"));
            String seen = alert("Day2OutboxParked", "firing", service, Map.of("job", "backup-service"));
            maxMessageBytes(topic, null); // the limit put back; an admin retries what was parked
            int retried = 0;
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                io.restassured.path.json.JsonPath state = outbox(service);
                List<Integer> seqs = state.getList("parked.seq", Integer.class);
                if (seqs.isEmpty() && state.getLong("pending") == 0) {
                    break;
                }
                for (Integer seq : seqs) {
                    RestAssured.given()
                            .auth()
                            .oauth2(SharedIssuer.token("admin"))
                            .post(service.url() + "/outbox/parked/" + seq + "/retry")
                            .then()
                            .statusCode(204);
                    retried++;
                }
                Thread.sleep(500);
            }
            record(judge(
                    "answers refused as too large (max.message.bytes 512)",
                    names,
                    "parked (\"" + reason.substring(0, Math.min(60, reason.length())) + "...\"), " + seen + "; "
                            + retried + " retried by an admin after the limit was restored"));
        } finally {
            maxMessageBytes(topic, null);
            service.close();
        }
    }

    /** GET /outbox as a viewer. */
    private static io.restassured.path.json.JsonPath outbox(ServiceProcess service) {
        return RestAssured.given()
                .auth()
                .oauth2(SharedIssuer.token("viewer"))
                .get(service.url() + "/outbox")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Sets {@code topic}'s max.message.bytes, or removes the override with null. */
    private static void maxMessageBytes(String topic, String bytes) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", io.day2ops.testing.SharedKafka.bootstrapServers());
        props.putAll(io.day2ops.testing.SharedKafka.clientProperties(io.day2ops.testing.BusAccess.ADMIN));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            var op = new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", bytes),
                    bytes == null
                            ? org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE
                            : org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
        }
    }

    /** The shared PostgreSQL's postmaster and every process under it. */
    private static List<ProcessHandle> postgresProcesses() throws Exception {
        io.day2ops.testing.SharedPostgres.PgServer server = io.day2ops.testing.SharedPostgres.server();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                        server.jdbcUrl("postgres"), server.user(), server.password());
                java.sql.ResultSet pid = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            // looked up while this connection's backend lives: its parent is the postmaster
            ProcessHandle postmaster = ProcessHandle.of(pid.getLong(1))
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL's processes are not visible here"));
            List<ProcessHandle> all = new ArrayList<>();
            all.add(postmaster);
            postmaster.descendants().forEach(all::add);
            return all;
        }
    }

    /** Sends {@code signal} to each process still alive (a backend may end between the lookup and the signal). */
    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.stream().filter(ProcessHandle::isAlive).forEach(p -> command.add(Long.toString(p.pid())));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        kill.getInputStream().readAllBytes();
        kill.waitFor(); // "No such process" for one that just ended is fine: the rest got the signal
        assertThat(processes.get(0).isAlive()).as("the postmaster").isTrue();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }

    /** A Ready replica that the suite's Prometheus has begun to scrape. */
    private static ServiceProcess start(Map<String, String> extra) {
        return scraped(replicas.replica(key, extra));
    }

    private static ServiceProcess scraped(ServiceProcess service) {
        prometheus.scrapeAndAwait("backup-service", service, Duration.ofSeconds(60));
        return service;
    }

    /**
     * "alert X firing|pending": waits for it, its labels including {@code labels} — and {@code service}'s instance
     * when the rule keeps it (rules that aggregate over replicas, by cluster, do not).
     */
    private static String alert(String name, String state, ServiceProcess service, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        if (Set.of("Day2DeadLetters", "Day2ServiceDown").contains(name)) {
            all.put("instance", LocalPrometheus.instance(service));
        }
        prometheus.awaitAlert(name, state, all, Duration.ofSeconds(90));
        return "alert " + name + " " + state;
    }

    /** Requests {@code count} backups of the primary's default namespace; their names. */
    private static List<String> request(String prefix, int count) {
        return request(prefix, count, "primary");
    }

    /** Requests {@code count} backups of {@code cluster}'s default namespace; their names. */
    private static List<String> request(String prefix, int count, String cluster) {
        List<String> names = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + run + "-" + i;
            names.add(name);
            replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster(cluster)
                    .includedNamespaces(List.of("default"))
                    .build());
        }
        return names;
    }

    /**
     * Waits for every request's answer and counts: answered (SnapshotTaken or BackupFailed), duplicates (more than one
     * distinct answer event for a backup), lost, and Completed backups whose stored bytes do not check out.
     */
    private static FaultFigures judge(String fault, List<String> names, String note) throws IOException {
        return judge(fault, names, note, ANSWER_TIMEOUT);
    }

    private static FaultFigures judge(String fault, List<String> names, String note, Duration timeout)
            throws IOException {
        return judge(fault, names, note, timeout, replicas.work.resolve("backups"));
    }

    private static FaultFigures judge(String fault, List<String> names, String note, Duration timeout, Path storage)
            throws IOException {
        Set<String> wanted = Set.copyOf(names);
        Map<String, Set<String>> answers = new HashMap<>();
        Map<String, ConsumerRecord<String, String>> taken = new HashMap<>();
        Map<String, String> phases = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && answers.size() < names.size()) {
            for (EventType<?> type : List.of(EventType.SNAPSHOT_TAKEN, EventType.BACKUP_FAILED)) {
                for (ConsumerRecord<String, String> record : replicas.bus.await(
                        type.topic(),
                        r -> {
                            String subject = BusClient.header(r, "ce_subject");
                            return subject != null && wanted.contains(subject);
                        },
                        Integer.MAX_VALUE,
                        Duration.ofSeconds(3))) {
                    String name = BusClient.header(record, "ce_subject");
                    answers.computeIfAbsent(name, n -> new HashSet<>()).add(BusClient.header(record, "ce_id"));
                    if (type == EventType.SNAPSHOT_TAKEN) {
                        taken.put(name, record);
                        phases.put(
                                name,
                                Json.MAPPER
                                        .readTree(record.value())
                                        .path("phase")
                                        .asText());
                    } else {
                        phases.putIfAbsent(name, "Failed");
                    }
                }
            }
        }
        int duplicates =
                answers.values().stream().mapToInt(ids -> ids.size() - 1).sum();
        int lost = names.size() - answers.size();
        int corrupt = 0;
        for (Map.Entry<String, ConsumerRecord<String, String>> entry : taken.entrySet()) {
            JsonNode event = Json.MAPPER.readTree(entry.getValue().value());
            if ("Completed".equals(event.path("phase").asText()) && !intact(storage.resolve(entry.getKey()), event)) {
                corrupt++;
            }
        }
        Map<String, Long> byPhase = new java.util.TreeMap<>();
        phases.values().forEach(phase -> byPhase.merge(phase, 1L, Long::sum));
        FaultFigures figures = new FaultFigures(
                fault, names.size(), answers.size(), duplicates, lost, corrupt, (note + " " + byPhase).trim());
        return figures.assertClean();
    }

    /** Whether a Completed backup's files are what its SnapshotTaken and manifest say. */
    private static boolean intact(Path dir, JsonNode event) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(manifest);
        if (!BackupWriter.sha256Hex(bytes).equals(event.path("manifestSha256").asText())) {
            return false;
        }
        for (StoredPart part :
                Json.MAPPER.readValue(bytes, BackupManifest.class).parts()) {
            Path file = dir.resolve(part.path());
            if (!Files.isRegularFile(file)
                    || Files.size(file) != part.size()
                    || !BackupWriter.sha256Hex(Files.readAllBytes(file)).equals(part.sha256())) {
                return false;
            }
        }
        return true;
    }

    /** "all Failed naming <cause>" when every backup failed with a reason containing {@code cause}. */
    private static String failedWith(ServiceProcess service, List<String> names, String cause) {
        int named = 0;
        for (String name : names) {
            String reason = RestAssured.given()
                    .auth()
                    .oauth2(SharedIssuer.token("viewer"))
                    .get(service.url() + "/backups/" + name)
                    .then()
                    .extract()
                    .path("failureReason");
            if (reason != null && reason.contains(cause)) {
                named++;
            }
        }
        return named + "/" + names.size() + " Failed with the cause named";
    }

    private static void record(FaultFigures figures) {
        RESULTS.add(figures);
    }
}
