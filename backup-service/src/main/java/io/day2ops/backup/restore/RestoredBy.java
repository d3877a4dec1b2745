package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The labels a restore sets on every object it creates, as Velero does ({@code kubectl get all -l
 * velero.io/restore-name=<restore>} finds them): the restore's and the backup's names. A restore that was interrupted
 * and runs again knows its own objects by them, and counts them as restored instead of as conflicts.
 */
public final class RestoredBy {

    /** The restore that created the object. */
    public static final String RESTORE_LABEL = "velero.io/restore-name";
    /** The backup it came from. */
    public static final String BACKUP_LABEL = "velero.io/backup-name";

    private RestoredBy() {}

    /** Labels {@code desired} as created by {@code restore} from {@code backup}. */
    static void mark(ObjectNode desired, String restore, String backup) {
        ObjectNode metadata = desired.with("metadata");
        ObjectNode labels =
                metadata.path("labels") instanceof ObjectNode existing ? existing : metadata.putObject("labels");
        labels.put(RESTORE_LABEL, value(restore));
        labels.put(BACKUP_LABEL, value(backup));
    }

    /** Whether {@code live} was created by {@code restore}. */
    static boolean createdBy(ObjectNode live, String restore) {
        return value(restore)
                .equals(live.path("metadata").path("labels").path(RESTORE_LABEL).asText(null));
    }

    /**
     * A name as a label value (at most 63 characters): as it is when it fits, else its first 57 characters and 6 of
     * its SHA-256, as Velero shortens them.
     */
    static String value(String name) {
        if (name.length() <= 63) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, 57) + HexFormat.of().formatHex(hash).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
