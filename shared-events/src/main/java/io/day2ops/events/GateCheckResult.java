package io.day2ops.events;

/**
 * The outcome of one pre-upgrade check.
 *
 * @param id the check's stable id, e.g. {@code removed-api}, {@code pdb-missing}, {@code backup-fresh}
 * @param verdict {@code PASS}, {@code WARN}, {@code FAIL}, or {@code WAIVED} (a failure someone waived, with the reason
 *     in the message: it stays in the report and does not stop the gate)
 * @param resource the object the finding is about; absent for cluster-wide checks
 * @param message what was found
 * @param remediation what to do about it
 */
public record GateCheckResult(String id, Verdict verdict, ResourceRef resource, String message, String remediation) {

    /** How a check came out. */
    public enum Verdict {
        PASS,
        WARN,
        FAIL,
        WAIVED
    }
}
