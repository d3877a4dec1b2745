package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.GoDuration;
import io.day2ops.upgrade.domain.KnownBackup;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** No upgrade without a fresh backup: the newest Completed backup of the cluster is younger than the bound. */
@Singleton
public class BackupFreshnessCheck implements GateCheck {

    public static final String ID = "backup-fresh";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        KnownBackup backup = context.latestBackup();
        return List.of(evaluate(
                context.cluster(),
                backup == null ? null : backup.name(),
                backup == null ? null : backup.dataTimestamp(),
                context.maxBackupAge(),
                context.now()));
    }

    @Override
    public int order() {
        return 60;
    }

    /**
     * @param backupName the newest Completed backup the service has seen for the cluster, or null
     * @param dataTimestamp its data timestamp
     */
    public static GateCheckResult evaluate(
            String cluster, String backupName, Instant dataTimestamp, Duration maxAge, Instant now) {
        String bound = GoDuration.format(maxAge);
        if (backupName == null) {
            return new GateCheckResult(
                    ID,
                    Verdict.FAIL,
                    null,
                    "no Completed backup of cluster '" + cluster + "' is known",
                    "take one first (publish BackupRequested, or velero backup create) and run the gate again");
        }
        Duration age = Duration.between(dataTimestamp, now);
        String ageText = GoDuration.format(age.isNegative() ? Duration.ZERO : age.withNanos(0));
        if (age.compareTo(maxAge) > 0) {
            return new GateCheckResult(
                    ID,
                    Verdict.FAIL,
                    null,
                    "the newest Completed backup of cluster '" + cluster + "', " + backupName + ", is " + ageText
                            + " old; the bound is " + bound,
                    "take a fresh backup right before the upgrade and run the gate again");
        }
        return new GateCheckResult(
                ID, Verdict.PASS, null, "backup " + backupName + " is " + ageText + " old (bound " + bound + ")", null);
    }
}
