package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.testing.Day2FlowTest;
import io.quarkus.arc.All;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adding an action is adding a class: the service finds every one as a bean, and the benchmark's list has them all. */
@Day2FlowTest
class ItemActionBeansTest {

    @Inject
    @All
    List<RestoreItemAction> restoreActions;

    @Inject
    @All
    List<BackupItemAction> backupActions;

    @Test
    void theServiceRunsEveryRestoreItemActionClassAndTheBenchmarkListsTheSame() {
        assertThat(names(restoreActions)).containsExactlyInAnyOrderElementsOf(names(ItemActions.restore()));
    }

    @Test
    void theServiceRunsEveryBackupItemActionClassAndTheBenchmarkListsTheSame() {
        assertThat(names(backupActions)).containsExactlyInAnyOrderElementsOf(names(ItemActions.backup()));
    }

    private static List<String> names(List<?> actions) {
        return actions.stream()
                .map(action -> userClass(action.getClass()).getName())
                .toList();
    }

    /** The bean's own class, not the client proxy or subclass Quarkus may generate around it. */
    private static Class<?> userClass(Class<?> type) {
        return type.getName().contains("_") ? type.getSuperclass() : type;
    }
}
