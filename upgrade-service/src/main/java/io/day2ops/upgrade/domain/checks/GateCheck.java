package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import java.util.List;

/**
 * One check of the pre-upgrade gate, as a Velero plugin is one action: plain Java over what the gate read, no I/O.
 * Every implementation is a bean the gate finds by itself, so adding a check is adding a class (and its test).
 */
public interface GateCheck {

    /** Every finding of this check, passing ones included, so the report shows what was looked at. */
    List<GateCheckResult> evaluate(GateContext context);

    /** Where the check's results stand in the report, lowest first; checks of equal order keep no fixed order. */
    default int order() {
        return 100;
    }
}
