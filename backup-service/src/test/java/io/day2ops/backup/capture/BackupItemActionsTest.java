package io.day2ops.backup.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.ItemActions;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import org.junit.jupiter.api.Test;

/** Each kind's backup behaviour, run as the capture runs it: every action that applies, on the listed object. */
class BackupItemActionsTest {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void secretsAreSealedAndNothingElseIs() throws Exception {
        CaptureContext capture = context("{\"name\":\"b\",\"cluster\":\"primary\"}");

        BackupItem secret = capture("secrets", "shop", "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"}}", capture);
        BackupItem configMap =
                capture("configmaps", "shop", "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}", capture);

        assertThat(secret.marks().sealed()).isTrue();
        assertThat(configMap.marks().sealed()).isFalse();
    }

    @Test
    void controllerOwnedPodsAndReplicaSetsAreRecordedAsNotRestored() throws Exception {
        CaptureContext capture = context("{\"name\":\"b\",\"cluster\":\"primary\"}");
        String owned =
                "{\"metadata\":{\"name\":\"web-1\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"web\","
                        + "\"controller\":true}]}}";

        assertThat(capture("pods", "shop", owned, capture).marks().isNotRestored())
                .isTrue();
        assertThat(capture("replicasets.apps", "shop", owned, capture).marks().isNotRestored())
                .isTrue();
        assertThat(capture("pods", "shop", "{\"metadata\":{\"name\":\"debug\"}}", capture)
                        .marks()
                        .isNotRestored())
                .isFalse();
    }

    @Test
    void onlyPodsThatCanRunHooksAreRemembered() throws Exception {
        CaptureContext capture = context("{\"name\":\"b\",\"cluster\":\"primary\"}");

        capture(
                "pods",
                "db",
                "{\"metadata\":{\"name\":\"pg-0\",\"annotations\":{\"pre.hook.backup.velero.io/command\":"
                        + "\"[\\\"/bin/sync\\\"]\"}}}",
                capture);
        capture("pods", "db", "{\"metadata\":{\"name\":\"plain\"}}", capture);

        assertThat(capture.podsForHooks()).containsExactly("db/pg-0");
    }

    @Test
    void withHooksInTheRequestEveryPodIsRemembered() throws Exception {
        CaptureContext capture = context("{\"name\":\"b\",\"cluster\":\"primary\",\"hooks\":{\"resources\":[{\"name\":"
                + "\"sync\",\"pre\":[{\"exec\":{\"command\":[\"/bin/sync\"]}}]}]}}");

        capture("pods", "db", "{\"metadata\":{\"name\":\"plain\"}}", capture);

        assertThat(capture.podsForHooks()).containsExactly("db/plain");
    }

    @Test
    void aBoundClaimBringsItsVolumeAndIsOfferedForSnapshots() throws Exception {
        CaptureContext capture = context("{\"name\":\"b\",\"cluster\":\"primary\"}");

        capture(
                "persistentvolumeclaims",
                "db",
                "{\"metadata\":{\"name\":\"data\"},\"spec\":{\"volumeName\":\"pv-1\"}}",
                capture);
        capture("persistentvolumeclaims", "db", "{\"metadata\":{\"name\":\"pending\"},\"spec\":{}}", capture);

        assertThat(capture.claims()).containsExactlyInAnyOrder("db/data", "db/pending");
        assertThat(capture.needs("persistentvolumes", "pv-1")).isTrue();
        assertThat(capture.needsAny("persistentvolumes")).isTrue();
        assertThat(capture.needs("persistentvolumes", "")).isFalse();
    }

    private static CaptureContext context(String request) throws Exception {
        BackupRequested parsed = CODEC.parse(EventType.BACKUP_REQUESTED, request);
        return new CaptureContext(parsed);
    }

    /** What {@link BackupCapture} does with one listed object. */
    private static BackupItem capture(String resource, String namespace, String json, CaptureContext capture)
            throws Exception {
        BackupItem item = new BackupItem(resource, namespace, (ObjectNode) Json.MAPPER.readTree(json));
        BackupItemAction.applyAll(ItemActions.backup(), item, capture);
        return item;
    }
}
