package io.day2ops.backup;

import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.capture.actions.ClaimBackupAction;
import io.day2ops.backup.capture.actions.ControllerOwnedBackupAction;
import io.day2ops.backup.capture.actions.PodBackupAction;
import io.day2ops.backup.capture.actions.SecretBackupAction;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.actions.ClaimFromSnapshot;
import io.day2ops.backup.restore.actions.ClaimRestoreAction;
import io.day2ops.backup.restore.actions.ControllerOwnedSkip;
import io.day2ops.backup.restore.actions.HorizontalPodAutoscalerRestoreAction;
import io.day2ops.backup.restore.actions.InitContainerHooks;
import io.day2ops.backup.restore.actions.JobRestoreAction;
import io.day2ops.backup.restore.actions.NamespaceRestoreAction;
import io.day2ops.backup.restore.actions.PersistentVolumeSkip;
import io.day2ops.backup.restore.actions.PodRestoreAction;
import io.day2ops.backup.restore.actions.RoleBindingRestoreAction;
import io.day2ops.backup.restore.actions.ServiceAccountRestoreAction;
import io.day2ops.backup.restore.actions.ServiceAccountTokenSkip;
import io.day2ops.backup.restore.actions.ServiceRestoreAction;
import io.day2ops.backup.restore.actions.StorageClassMapping;
import java.util.List;

/**
 * The item actions for code that runs a backup or restore outside the service (the benchmark's child JVMs, unit
 * tests); in the service they are beans. {@code ItemActionBeansTest} fails when these lists and the beans differ.
 */
public final class ItemActions {

    private ItemActions() {}

    public static List<BackupItemAction> backup() {
        return List.of(
                new SecretBackupAction(),
                new ControllerOwnedBackupAction(),
                new PodBackupAction(),
                new ClaimBackupAction());
    }

    public static List<RestoreItemAction> restore() {
        return List.of(
                new ControllerOwnedSkip(),
                new ServiceAccountTokenSkip(),
                new PersistentVolumeSkip(),
                new NamespaceRestoreAction(),
                new ServiceRestoreAction(),
                new ClaimRestoreAction(),
                new PodRestoreAction(),
                new ServiceAccountRestoreAction(),
                new RoleBindingRestoreAction(),
                new JobRestoreAction(),
                new HorizontalPodAutoscalerRestoreAction(),
                new StorageClassMapping(),
                new ClaimFromSnapshot(),
                new InitContainerHooks());
    }
}
