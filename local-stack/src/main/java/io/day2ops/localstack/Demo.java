package io.day2ops.localstack;

import io.day2ops.events.BackupRequested;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.UpgradeRequested;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.SharedIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The module's lab, played through events against the running services ({@code ./day2 demo}): what each step sent,
 * what came back, how long it took. Steps whose capability is not built yet say so; nothing is faked.
 *
 * <p>Usage: {@code Demo <bootstrap-servers> <scheduler-url> <backup-url> <upgrade-url> <dr-url>}
 */
public final class Demo {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BusClient bus;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String schedulerUrl;
    private final String backupUrl;
    private final String upgradeUrl;
    private final String drUrl;
    private int step;

    private Demo(BusClient bus, String schedulerUrl, String backupUrl, String upgradeUrl, String drUrl) {
        this.bus = bus;
        this.schedulerUrl = schedulerUrl;
        this.backupUrl = backupUrl;
        this.upgradeUrl = upgradeUrl;
        this.drUrl = drUrl;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: Demo <bootstrap-servers> <scheduler-url> <backup-url> <upgrade-url> <dr-url>");
            System.exit(2);
        }
        try (BusClient bus = new BusClient(args[0], "/day2ops/demo")) {
            boolean ok = new Demo(bus, args[1], args[2], args[3], args[4]).run(args[0]);
            System.exit(ok ? 0 : 1);
        }
    }

    private boolean run(String bootstrap) throws Exception {
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        boolean ok = true;

        title("the daily-backup schedule (0 1 * * *, namespaces default + kube-system, ttl 720h)");
        String schedule = "daily-backup-" + stamp;
        String created = post(
                schedulerUrl + "/schedules",
                "{\"name\": \"" + schedule + "\", \"schedule\": \"0 1 * * *\", \"template\": {\"cluster\":"
                        + " \"primary\", \"includedNamespaces\": [\"default\", \"kube-system\"], \"ttl\":"
                        + " \"720h\"}}");
        say("scheduler-service: " + created);
        String nextSlot = firstFireTime(created);
        say("the demo does not wait for 01:00: it publishes the request that slot fires, under the same"
                + " deterministic name, so the real fire later is the same request, not a second backup");
        String backupName = schedule + "-" + nextSlot;
        long published = System.nanoTime();
        bus.publish(BackupRequested.builder(backupName, "primary")
                .includedNamespaces(List.of("default", "kube-system"))
                .storageLocation("default")
                .ttl("720h")
                .schedule(schedule)
                .build());
        ok &= answer(
                "backup-service answers",
                published,
                () -> first(EventType.BACKUP_FAILED.topic(), EventType.SNAPSHOT_TAKEN.topic(), backupName));
        say("catalog: " + get(backupUrl + "/backups/" + backupName));

        title("restore that backup into the standby cluster, namespace default mapped to restored-default");
        say("(what a DR drill asks backup-service for; the drill's verification and RTO/RPO land with issue 7)");
        String restore = "restore-" + stamp;
        published = System.nanoTime();
        bus.publish(new RestoreRequested(
                restore,
                "standby",
                backupName,
                List.of("default"),
                null,
                null,
                null,
                Map.of("default", "restored-default"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
        ok &= answer(
                "backup-service answers",
                published,
                () -> first(EventType.RESTORE_COMPLETED.topic(), EventType.RESTORE_COMPLETED.topic(), restore));
        say("kubectl --kubeconfig .day2/kubeconfig --context standby get deploy,svc,cm -n restored-default");

        title("a malformed request from another system");
        String badId = UUID.randomUUID().toString();
        published = System.nanoTime();
        bus.publishRaw(
                EventType.BACKUP_REQUESTED.topic(),
                "primary",
                BusClient.ceHeaders(EventType.BACKUP_REQUESTED, badId, "/chatops"),
                "{\"name\": \"Nightly_Backup\", \"cluster\": \"primary\", \"ttl\": 30}");
        ok &= answer("dead-lettered with the reason", published, () -> {
            List<ConsumerRecord<String, String>> dead = bus.await(
                    EventType.BACKUP_REQUESTED.deadLetterTopic(),
                    r -> badId.equals(BusClient.header(r, "ce_id")),
                    1,
                    WAIT);
            return dead.isEmpty() ? null : "dead-letter-reason: " + BusClient.header(dead.get(0), "dead-letter-reason");
        });
        say("backup-service is still " + get(backupUrl + "/q/health/live"));

        title("pre-upgrade gate: primary -> 1.31 (the module's daily pre-upgrade-check)");
        String gate = "pre-upgrade-check-" + stamp;
        published = System.nanoTime();
        bus.publish(new UpgradeRequested(gate, "primary", "1.31", true, "24h", "pre-upgrade-check"));
        ok &= answer(
                "upgrade-service answers",
                published,
                () -> first(EventType.UPGRADE_GATE_FAILED.topic(), EventType.UPGRADE_GATE_PASSED.topic(), gate));

        title("DR drill: restore the latest backup of primary's default namespace into a new namespace of standby, RTO"
                + " 15m, RPO 24h");
        String drill = "weekly-drill-" + stamp;
        published = System.nanoTime();
        // a drill restores only into namespaces it creates (and marks), never into default or kube-system
        bus.publish(new DrillRequested(
                drill,
                "primary",
                "standby",
                "latest",
                Map.of("default", "drill-" + stamp),
                "15m",
                "24h",
                null,
                true,
                "30m",
                null,
                null,
                null));
        String[] verdict = new String[1];
        ok &= answer(
                "dr-service answers",
                published,
                () -> verdict[0] = first(EventType.DRILL_COMPLETED.topic(), EventType.DRILL_COMPLETED.topic(), drill));
        if (verdict[0] != null && verdict[0].contains("\"passed\":false")) {
            say("the drill did NOT pass: see failureReason above");
            ok = false;
        }

        title("scheduler-service keeps each cluster's backup outcomes (for the RPO watch)");
        say(get(schedulerUrl + "/backup-outcomes/primary"));

        say("removing the demo's schedule: " + delete(schedulerUrl + "/schedules/" + schedule));

        title("watch the topics yourself");
        say("./day2 kcat sre -C -t day2.backup.snapshot-taken.v1 -o beginning -e -f '%k %h\\n%s\\n'");
        say("./day2 kcat sre -L    # every topic, as the sre principal over SASL_SSL (README, \"Security model\")");
        say("");
        say(ok ? "demo finished: every step was answered" : "demo finished: some steps got no answer (see above)");
        return ok;
    }

    private String first(String topic, String otherTopic, String subject) {
        for (int i = 0; i < 2; i++) {
            for (String t : topic.equals(otherTopic) ? List.of(topic) : List.of(topic, otherTopic)) {
                List<ConsumerRecord<String, String>> found = bus.await(
                        t,
                        r -> subject.equals(BusClient.header(r, "ce_subject")),
                        1,
                        Duration.ofSeconds(i == 0 ? 5 : 30));
                if (!found.isEmpty()) {
                    return BusClient.header(found.get(0), "ce_type") + " on " + t + "\n      "
                            + found.get(0).value();
                }
            }
        }
        return null;
    }

    /** Waits for the answer to what was published at {@code publishedAt} (System.nanoTime) and prints it. */
    private boolean answer(String what, long publishedAt, Supplier<String> wait) {
        long start = publishedAt;
        String answer = wait.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (answer == null) {
            say("NO ANSWER within " + WAIT.toSeconds() + " s: " + what);
            return false;
        }
        say(what + " in " + millis + " ms: " + answer);
        return true;
    }

    private String post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private String delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", bearer())
                .DELETE()
                .build());
    }

    /** The first of the fire times in a schedule's JSON, as a request-name suffix ({@code yyyyMMddHHmmss}, UTC). */
    private static String firstFireTime(String response) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"nextFireTimes\":\\[\"([^\"]+)\"")
                .matcher(response);
        if (!matcher.find()) {
            return LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        }
        return DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .withZone(ZoneOffset.UTC)
                .format(java.time.Instant.parse(matcher.group(1)));
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String get(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", bearer())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The demo acts as the local realm's {@code operator} (authentication is on in the local stack as everywhere): a
     * fresh token from the issuer in {@code DAY2_OIDC_URL} for each call, reused by the issuer client until it nears
     * expiry.
     */
    private static String bearer() {
        return "Bearer " + SharedIssuer.token("operator");
    }

    private void title(String text) {
        System.out.println();
        System.out.println("[" + (++step) + "] " + text);
    }

    private static void say(String text) {
        System.out.println("    " + text);
    }
}
