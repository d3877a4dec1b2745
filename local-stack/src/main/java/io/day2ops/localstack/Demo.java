package io.day2ops.localstack;

import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.SharedIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The bus step of {@code ./day2 demo} (whose other steps are the {@code day2} CLI): another system publishes a
 * malformed request onto the bus and gets a dead-letter record with the reason, and the service stays up.
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

    /**
     * The one step the CLI cannot show: another system publishing onto the bus, and what it gets for a malformed
     * request (the rest of the demo is the CLI, in {@code ./day2 demo}).
     */
    private boolean run(String bootstrap) throws Exception {
        String badId = UUID.randomUUID().toString();
        long published = System.nanoTime();
        bus.publishRaw(
                EventType.BACKUP_REQUESTED.topic(),
                "primary",
                BusClient.ceHeaders(EventType.BACKUP_REQUESTED, badId, "/chatops"),
                "{\"name\": \"Nightly_Backup\", \"cluster\": \"primary\", \"ttl\": 30}");
        say("published to " + EventType.BACKUP_REQUESTED.topic() + " as /chatops: {\"name\": \"Nightly_Backup\","
                + " \"cluster\": \"primary\", \"ttl\": 30}");
        boolean ok = answer("dead-lettered on " + EventType.BACKUP_REQUESTED.deadLetterTopic(), published, () -> {
            List<ConsumerRecord<String, String>> dead = bus.await(
                    EventType.BACKUP_REQUESTED.deadLetterTopic(),
                    r -> badId.equals(BusClient.header(r, "ce_id")),
                    1,
                    WAIT);
            return dead.isEmpty() ? null : "\n      reason: " + BusClient.header(dead.get(0), "dead-letter-reason");
        });
        String live = get(backupUrl + "/q/health/live");
        say("backup-service is still live: GET /q/health/live answers "
                + (live.contains("\"UP\"") ? "UP" : live.replaceAll("\\s+", " ")));
        say("watch the topics yourself: ./day2 kcat sre -C -t day2.backup.snapshot-taken.v1 -o beginning -e -f"
                + " '%k %h\\n%s\\n'");
        return ok;
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

    private static void say(String text) {
        System.out.println("    " + text);
    }
}
