package io.day2ops.dr.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A drill's {@code verify} targets name objects as they were backed up ({@code Deployment/default/critical-app}); the
 * restore put them where {@code namespaceMapping} says. Targets are checked there, and one the restore did not put in
 * the target fails the drill at once, instead of waiting for its deadline to say "does not exist".
 */
final class VerifyTargets {

    /** The kinds a restore reports in {@code restoredWorkloads}: for the others, absence proves nothing. */
    private static final Set<String> REPORTED = Set.of("Deployment", "StatefulSet", "PersistentVolumeClaim", "Service");

    private VerifyTargets() {}

    /** The targets with their namespace mapped; {@code GET} checks and malformed targets unchanged. */
    static List<String> mapped(List<String> targets, Map<String, String> mapping) {
        List<String> out = new ArrayList<>();
        for (String target : targets) {
            String[] parts = target.split("/", 3);
            if (target.startsWith("GET ") || parts.length != 3 || !mapping.containsKey(parts[1])) {
                out.add(target);
            } else {
                out.add(parts[0] + "/" + mapping.get(parts[1]) + "/" + parts[2]);
            }
        }
        return out;
    }

    /** Why the drill fails before verifying (a target the restore did not restore), or null. */
    static String notRestored(List<String> targets, List<String> restored, Map<String, String> mapping) {
        if (restored == null) {
            return null;
        }
        List<String> missing = targets.stream()
                .filter(t -> !t.startsWith("GET "))
                .filter(t -> REPORTED.contains(t.split("/", 2)[0]))
                .filter(t -> !restored.contains(t))
                .toList();
        if (missing.isEmpty()) {
            return null;
        }
        return "verify " + missing + ": not restored into the target, so the drill fails without waiting"
                + (mapping.isEmpty() ? "" : " (targets are checked where namespaceMapping " + mapping + " put them)")
                + "; the restore put " + (restored.isEmpty() ? "no workloads" : restored.size() + " workloads")
                + " there" + (restored.isEmpty() ? "" : ", e.g. " + restored.get(0));
    }
}
