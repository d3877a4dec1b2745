package io.day2ops.events;

/**
 * A failing gate check someone accepts for one upgrade: the finding stays in the report as {@code WAIVED} with the
 * reason, and does not stop the gate. Objects can carry their own: the annotation {@code day2ops.io/waive} (check ids,
 * comma-separated) with {@code day2ops.io/waive-reason}.
 *
 * @param check the check's id, e.g. {@code pdb-missing}
 * @param object {@code Kind/namespace/name} (or {@code Kind/name}) of the one finding it waives; absent waives every
 *     finding of the check
 * @param reason why it is acceptable; required, it is what the report shows
 */
public record GateWaiver(String check, String object, String reason) {}
