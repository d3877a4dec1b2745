package io.day2ops.events;

/**
 * The outcome of one pre-upgrade check.
 *
 * @param id the check's stable id, e.g. {@code removed-api}, {@code pdb-missing}, {@code backup-fresh}
 * @param verdict {@code PASS}, {@code WARN} or {@code FAIL}
 * @param resource the object the finding is about; absent for cluster-wide checks
 * @param message what was found
 * @param remediation what to do about it
 */
public record GateCheckResult(String id, Verdict verdict, ResourceRef resource, String message, String remediation) {

    /** How a check came out. */
    public enum Verdict {
        PASS,
        WARN,
        FAIL
    }
}
