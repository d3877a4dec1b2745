package io.day2ops.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.console.fleet.Answer;
import io.day2ops.console.fleet.ClusterRecord;
import io.day2ops.events.UpgradeGateFailed;
import io.quarkus.qute.Template;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One backup, restore, drill, gate, rollout, drain or failover: what its service serves about it (phase, progress,
 * facts; fetched with the user's token) and what the bus said about it (the read model's answers).
 */
public final class DetailPage {

    /** One line of the facts list. */
    public record Fact(String key, String value) {}

    /** Phases after which nothing changes any more. */
    public static final Set<String> TERMINAL = Set.of(
            "Completed",
            "PartiallyFailed",
            "Failed",
            "FailedValidation",
            "Cancelled",
            "Passed",
            "Succeeded",
            "RolledBack",
            "Drained",
            "GO",
            "NO-GO");

    /** Neither the service nor the bus has said anything of it yet (a request just sent is on its way). */
    static final String PENDING = "Pending";

    private static final Set<String> LIVE_KINDS = Set.of("backup", "restore");

    private final Template template = Templates.get("detail");

    /**
     * @param record the service's record, or null (not found, not allowed, or the service did not answer)
     * @param problem why there is no record, in words, or null
     * @param answers the read model's answers about it, newest first
     * @param gateFailed the gate's failing verdict, for its checks and remediations, or null
     */
    public String render(
            String kind,
            String name,
            JsonNode record,
            String problem,
            List<Answer> answers,
            UpgradeGateFailed gateFailed,
            Viewer viewer) {
        String phase = phase(record, answers);
        String cluster = record != null && record.hasNonNull("cluster")
                ? record.get("cluster").asText()
                : answers.isEmpty() ? null : answers.get(0).cluster();
        boolean running = !TERMINAL.contains(phase);
        JsonNode progress = record == null ? null : record.get("progress");
        return template.instance()
                .data("kind", kind)
                .data("kindTitle", Character.toUpperCase(kind.charAt(0)) + kind.substring(1))
                .data("name", name)
                .data("phase", phase)
                .data("cluster", cluster)
                .data("live", cluster == null ? "*" : cluster)
                .data("problem", problem)
                .data("progressUrl", running && LIVE_KINDS.contains(kind) ? "/live/" + kind + "s/" + name : null)
                .data("percent", progress == null ? 0 : progress.path("percent").asInt(0))
                .data("progressWords", words(phase, progress))
                .data("facts", facts(record))
                .data(
                        "failing",
                        gateFailed == null ? List.<ClusterRecord.FailingCheck>of() : ClusterPage.failing(gateFailed))
                .data("cancellable", running && !kind.equals("gate") && !kind.equals("failover"))
                .data(
                        "restorable",
                        kind.equals("backup") && ("Completed".equals(phase) || "PartiallyFailed".equals(phase)))
                .data("answers", answers)
                .data("record", record == null ? null : record.toPrettyString())
                .data("viewer", viewer)
                .render();
    }

    /** The phase the record says, else the newest answer's outcome, else "waiting for an answer". */
    static String phase(JsonNode record, List<Answer> answers) {
        if (record != null) {
            if (record.hasNonNull("verdict")) {
                // a gate: its verdict in the words of the fleet page
                String verdict = record.get("verdict").asText();
                return verdict.equals("Passed") ? "GO" : verdict.equals("Failed") ? "NO-GO" : verdict;
            }
            for (String field : List.of("phase", "outcome")) {
                if (record.hasNonNull(field)) {
                    return record.get(field).asText();
                }
            }
        }
        return answers.isEmpty() ? PENDING : answers.get(0).outcome();
    }

    /** A running job's progress in one line ("4,500 of 10,001 items, 44%, 1,130/s, about 5s left: listing"). */
    public static String words(String phase, JsonNode progress) {
        if (progress == null || progress.isNull()) {
            return phase;
        }
        StringBuilder words = new StringBuilder();
        long done = progress.path("itemsDone").asLong(0);
        words.append(String.format("%,d", done));
        if (progress.hasNonNull("itemsTotal")) {
            words.append(String.format(" of %,d", progress.get("itemsTotal").asLong()));
        }
        words.append(" items");
        if (progress.hasNonNull("percent")) {
            words.append(", ").append(progress.get("percent").asInt()).append('%');
        }
        if (progress.hasNonNull("itemsPerSecond")) {
            words.append(String.format(
                    ", %,d/s", Math.round(progress.get("itemsPerSecond").asDouble())));
        }
        if (progress.hasNonNull("etaSeconds")) {
            words.append(", about ").append(progress.get("etaSeconds").asLong()).append("s left");
        }
        if (progress.hasNonNull("stage")) {
            words.append(": ").append(progress.get("stage").asText());
        }
        return words.toString();
    }

    /** The record's plain top-level fields, in its order (nested parts are in the full record below). */
    static List<Fact> facts(JsonNode record) {
        List<Fact> facts = new ArrayList<>();
        if (record == null) {
            return facts;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
        while (fields.hasNext() && facts.size() < 40) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                facts.add(new Fact(field.getKey(), field.getValue().asText()));
            }
        }
        return facts;
    }
}
