package io.day2ops.backup;

import io.day2ops.events.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fifty kinds of bad input to the request topics, as a careless or hostile producer would send them: malformed JSON,
 * wrong types, huge fields, unknown or missing CloudEvents headers, names with {@code ../}, selectors with injected
 * commas. Each is keyed uniquely so its dead letter is found by key.
 */
final class BadInput {

    private BadInput() {}

    /** One bad record. */
    record Case(String what, String topic, String key, Map<String, String> headers, String value) {}

    static List<Case> cases(String run) {
        List<Case> cases = new ArrayList<>();
        String backup = EventType.BACKUP_REQUESTED.topic();
        String restore = EventType.RESTORE_REQUESTED.topic();
        // the value itself
        value(cases, run, backup, "malformed JSON", "{\"name\": ");
        value(cases, run, backup, "empty value", "");
        value(cases, run, backup, "JSON array", "[]");
        value(cases, run, backup, "JSON string", "\"backup\"");
        value(cases, run, backup, "JSON number", "42");
        value(cases, run, backup, "JSON null", "null");
        value(cases, run, backup, "nested 5,000 deep", "[".repeat(5_000) + "]".repeat(5_000));
        value(cases, run, backup, "missing name", "{\"cluster\": \"primary\"}");
        value(cases, run, backup, "missing cluster", "{\"name\": \"b-" + run + "\"}");
        value(cases, run, backup, "name a number", "{\"name\": 7, \"cluster\": \"primary\"}");
        value(cases, run, backup, "cluster an array", "{\"name\": \"b-" + run + "\", \"cluster\": [\"primary\"]}");
        value(cases, run, backup, "name with capitals", backupJson("Nightly_Backup", "\"cluster\": \"primary\""));
        value(cases, run, backup, "name with ../", backupJson("../etc", "\"cluster\": \"primary\""));
        value(cases, run, backup, "name ..", backupJson("..", "\"cluster\": \"primary\""));
        value(cases, run, backup, "name 254 characters", backupJson("a".repeat(254), "\"cluster\": \"primary\""));
        value(cases, run, backup, "name 200 KB", backupJson("a".repeat(200_000), "\"cluster\": \"primary\""));
        value(cases, run, backup, "cluster with /", backupJson("b-" + run, "\"cluster\": \"prim/ary\""));
        value(
                cases,
                run,
                backup,
                "cluster 64 characters",
                backupJson("b-" + run, "\"cluster\": \"" + "c".repeat(64) + "\""));
        value(cases, run, backup, "ttl a number", backupJson("b-" + run, "\"cluster\": \"primary\", \"ttl\": 30"));
        value(
                cases,
                run,
                backup,
                "ttl not a duration",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"ttl\": \"forever\""));
        value(cases, run, backup, "ttl negative", backupJson("b-" + run, "\"cluster\": \"primary\", \"ttl\": \"-1h\""));
        value(
                cases,
                run,
                backup,
                "includedNamespaces a string",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"includedNamespaces\": \"default\""));
        value(
                cases,
                run,
                backup,
                "includedNamespaces item ../",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"includedNamespaces\": [\"../kube-system\"]"));
        value(
                cases,
                run,
                backup,
                "includedNamespaces item with a comma",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"includedNamespaces\": [\"default,kube-system\"]"));
        value(
                cases,
                run,
                backup,
                "matchLabels value with an injected comma",
                backupJson(
                        "b-" + run,
                        "\"cluster\": \"primary\", \"labelSelector\": {\"matchLabels\": {\"app\": \"a,tier!=x\"}}"));
        value(
                cases,
                run,
                backup,
                "matchLabels key with a space",
                backupJson(
                        "b-" + run,
                        "\"cluster\": \"primary\", \"labelSelector\": {\"matchLabels\": {\"a b\": \"x\"}}"));
        value(
                cases,
                run,
                backup,
                "matchLabels value !=",
                backupJson(
                        "b-" + run,
                        "\"cluster\": \"primary\", \"labelSelector\": {\"matchLabels\": {\"app\": \"!=x\"}}"));
        value(
                cases,
                run,
                backup,
                "storageLocation ../",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"storageLocation\": \"../../tmp\""));
        value(
                cases,
                run,
                backup,
                "schedule with /",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"schedule\": \"a/b\""));
        value(
                cases,
                run,
                backup,
                "snapshotVolumes a string",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"snapshotVolumes\": \"yes\""));
        value(cases, run, backup, "hooks a list", backupJson("b-" + run, "\"cluster\": \"primary\", \"hooks\": []"));
        value(
                cases,
                run,
                backup,
                "csiSnapshotTimeout not a duration",
                backupJson("b-" + run, "\"cluster\": \"primary\", \"csiSnapshotTimeout\": \"soon\""));
        // the CloudEvents headers
        String good = backupJson("b-" + run, "\"cluster\": \"primary\"");
        headers(cases, run, backup, "no ce_type", good, Map.of("ce_type", ""));
        headers(cases, run, backup, "unknown ce_type", good, Map.of("ce_type", "io.day2ops.nope.v1"));
        headers(
                cases,
                run,
                backup,
                "ce_type of another topic",
                good,
                Map.of("ce_type", "io.day2ops.restore.requested.v1"));
        headers(cases, run, backup, "no ce_id", good, Map.of("ce_id", ""));
        headers(cases, run, backup, "no ce_source", good, Map.of("ce_source", ""));
        headers(cases, run, backup, "no ce_specversion", good, Map.of("ce_specversion", ""));
        headers(cases, run, backup, "ce_specversion 0.3", good, Map.of("ce_specversion", "0.3"));
        headers(cases, run, backup, "ce_time not RFC 3339", good, Map.of("ce_time", "yesterday"));
        headers(cases, run, backup, "content-type text/plain", good, Map.of("content-type", "text/plain"));
        headers(cases, run, backup, "no headers at all", good, null);
        // restores
        value(cases, run, restore, "restore: malformed JSON", "{\"name\": \"r\", ");
        value(
                cases,
                run,
                restore,
                "restore: missing backupName",
                "{\"name\": \"r-" + run + "\", \"cluster\": \"standby\"}");
        value(
                cases,
                run,
                restore,
                "restore: backupName ../../etc/passwd",
                restoreJson("\"backupName\": \"../../etc/passwd\""));
        value(
                cases,
                run,
                restore,
                "restore: namespaceMapping target ../",
                restoreJson("\"backupName\": \"b\", \"namespaceMapping\": {\"default\": \"../kube-system\"}"));
        value(
                cases,
                run,
                restore,
                "restore: namespaceMapping key with a comma",
                restoreJson("\"backupName\": \"b\", \"namespaceMapping\": {\"a,b\": \"c\"}"));
        value(
                cases,
                run,
                restore,
                "restore: existingResourcePolicy destroy",
                restoreJson("\"backupName\": \"b\", \"existingResourcePolicy\": \"destroy\""));
        value(
                cases,
                run,
                restore,
                "restore: matchLabels value with an injected comma",
                restoreJson("\"backupName\": \"b\", \"labelSelector\": {\"matchLabels\": {\"app\": \"a,b\"}}"));
        value(
                cases,
                run,
                restore,
                "restore: dryRun a string",
                restoreJson("\"backupName\": \"b\", \"dryRun\": \"no\""));
        headers(
                cases,
                run,
                restore,
                "restore: ce_type of a backup request",
                restoreJson("\"backupName\": \"b\""),
                Map.of("ce_type", "io.day2ops.backup.requested.v1"));
        return cases;
    }

    private static String backupJson(String name, String rest) {
        return "{\"name\": \"" + name + "\", " + rest + "}";
    }

    private static String restoreJson(String rest) {
        return "{\"name\": \"r-x\", \"cluster\": \"standby\", " + rest + "}";
    }

    private static void value(List<Case> cases, String run, String topic, String what, String value) {
        EventType<?> type = EventType.byTopic(topic).orElseThrow();
        String key = "bad-" + run + "-" + cases.size();
        cases.add(new Case(
                what,
                topic,
                key,
                Map.of(
                        "ce_specversion",
                        "1.0",
                        "ce_id",
                        key,
                        "ce_source",
                        "/day2ops/bus-client",
                        "ce_type",
                        type.ceType(),
                        "content-type",
                        "application/json"),
                value));
    }

    /** A good value with its headers changed: an empty header value removes the header; null sends none at all. */
    private static void headers(
            List<Case> cases, String run, String topic, String what, String value, Map<String, String> changes) {
        EventType<?> type = EventType.byTopic(topic).orElseThrow();
        String key = "bad-" + run + "-" + cases.size();
        Map<String, String> headers = new HashMap<>(Map.of(
                "ce_specversion",
                "1.0",
                "ce_id",
                key,
                "ce_source",
                "/day2ops/bus-client",
                "ce_type",
                type.ceType(),
                "content-type",
                "application/json"));
        if (changes == null) {
            headers.clear();
        } else {
            changes.forEach((name, changed) -> {
                if (changed.isEmpty()) {
                    headers.remove(name);
                } else {
                    headers.put(name, changed);
                }
            });
        }
        cases.add(new Case(what, topic, key, headers, value));
    }
}
