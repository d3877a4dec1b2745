package io.day2ops.backup.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.capture.BackupLog;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.hooks.ExecSpec;
import io.day2ops.backup.hooks.HookExecutor;
import io.day2ops.backup.hooks.HookPolicy;
import io.day2ops.backup.hooks.PodHooks;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.GoDuration;
import io.day2ops.events.HookResult;
import io.day2ops.events.SkippedVolume;
import io.day2ops.events.VolumeSnapshotInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application-data part of a backup, after its resource documents: for every captured pod that has hooks, its
 * {@code pre} hooks, then CSI snapshots of the claims it mounts, then (once they are cut) its {@code post} hooks; then
 * snapshots of the other captured claims; then every snapshot awaited until ready and kept with the backup. A claim
 * without a snapshot class is reported, not skipped silently. A failing hook with {@code onError: Fail} stops the
 * backup (what was snapshotted is removed again); with {@code Continue} it is an error in the log (the backup ends
 * {@code PartiallyFailed}). Blocking.
 */
public final class VolumeBackup {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final BackupLog log;
    private final HookExecutor hooks;

    public VolumeBackup(KubernetesClient client, BackupLog log, HookPolicy redaction) {
        this.client = client;
        this.log = log;
        this.hooks = new HookExecutor(client, redaction);
    }

    /** Every hook that ran, whole (commands and outputs unredacted): only for the backup's encrypted hooks part. */
    public List<HookResult> hooksKept() {
        return hooks.kept();
    }

    /**
     * What the volume part produced.
     *
     * @param snapshots the snapshots kept with the backup
     * @param skipped claims not snapshotted, with the reason
     * @param hookResults every hook that ran, as it may be published (redacted; outputs only where opted in)
     * @param failure why the backup must fail (a hook with {@code onError: Fail}), or null
     */
    public record Result(
            List<VolumeSnapshotInfo> snapshots,
            List<SkippedVolume> skipped,
            List<HookResult> hookResults,
            String failure) {}

    /**
     * @param pods the captured pods, {@code namespace/name}
     * @param claims the captured claims, {@code namespace/name}
     * @param locationClass the storage location's VolumeSnapshotClass, or null
     */
    public Result run(BackupRequested request, Set<String> pods, Set<String> claims, String locationClass)
            throws InterruptedException {
        boolean snapshotVolumes = Boolean.TRUE.equals(request.snapshotVolumes());
        Duration timeout =
                request.csiSnapshotTimeout() == null ? DEFAULT_TIMEOUT : GoDuration.parse(request.csiSnapshotTimeout());
        Instant deadline = Instant.now().plus(timeout);
        Map<String, JsonNode> liveClaims = snapshotVolumes ? live("persistentvolumeclaims", claims) : Map.of();
        List<VolumeSnapshotInfo> kept = new ArrayList<>();
        List<SkippedVolume> skipped = new ArrayList<>();
        List<HookResult> results = new ArrayList<>();
        Map<String, ClaimSnapshot> taken = new LinkedHashMap<>();
        List<JsonNode> classes = snapshotVolumes && !liveClaims.isEmpty() ? snapshotClasses() : List.of();

        String failure = null;
        for (JsonNode pod : live("pods", pods).values()) {
            List<ExecSpec> pre = PodHooks.forBackup(pod, request.hooks(), "pre");
            List<ExecSpec> post = PodHooks.forBackup(pod, request.hooks(), "post");
            if (pre.isEmpty() && post.isEmpty()) {
                continue;
            }
            if (!"Running".equals(pod.path("status").path("phase").asText())) {
                log.warn("pod " + key(pod) + " is not running; its backup hooks were not run");
                continue;
            }
            failure = runHooks(pod, pre, results);
            if (failure != null) {
                break;
            }
            List<ClaimSnapshot> mounted = new ArrayList<>();
            if (snapshotVolumes) {
                for (String claim : mountedClaims(pod)) {
                    JsonNode pvc = liveClaims.get(claim);
                    if (pvc != null && !taken.containsKey(claim)) {
                        ClaimSnapshot snapshot = start(request, pvc, classes, locationClass, skipped);
                        if (snapshot != null) {
                            taken.put(claim, snapshot);
                            mounted.add(snapshot);
                        }
                    }
                }
            }
            for (ClaimSnapshot snapshot : mounted) {
                awaitCut(snapshot, deadline, taken);
            }
            failure = runHooks(pod, post, results);
            if (failure != null) {
                break;
            }
        }
        if (failure == null && snapshotVolumes) {
            for (Map.Entry<String, JsonNode> claim : liveClaims.entrySet()) {
                if (!taken.containsKey(claim.getKey())) {
                    ClaimSnapshot snapshot = start(request, claim.getValue(), classes, locationClass, skipped);
                    if (snapshot != null) {
                        taken.put(claim.getKey(), snapshot);
                    }
                }
            }
            for (ClaimSnapshot snapshot : List.copyOf(taken.values())) {
                if (!awaitReady(snapshot, deadline, taken)) {
                    continue;
                }
                try {
                    VolumeSnapshotInfo info = snapshot.retain();
                    kept.add(info);
                    log.info("volume snapshot of " + snapshot.describe() + ": VolumeSnapshotContent "
                            + info.volumeSnapshotContent() + ", handle " + info.snapshotHandle() + ", class "
                            + info.volumeSnapshotClass() + " (" + info.deletionPolicy() + " when the backup goes)");
                } catch (ClaimSnapshot.SnapshotException | KubernetesClientException e) {
                    log.error("volume snapshot of " + snapshot.describe() + " could not be kept: " + e.getMessage());
                    snapshot.discard();
                }
            }
        }
        if (failure != null) {
            taken.values().forEach(ClaimSnapshot::discard);
            kept.clear();
        }
        return new Result(kept, skipped, results, failure);
    }

    /** Runs hooks in order; returns the failure that stops the backup, or null. */
    private String runHooks(JsonNode pod, List<ExecSpec> specs, List<HookResult> results) throws InterruptedException {
        for (ExecSpec spec : specs) {
            HookResult result = hooks.run(pod, spec);
            results.add(result);
            String line = HookExecutor.describe(result);
            if (result.succeeded()) {
                log.info(line);
            } else if (spec.failOnError()) {
                log.error(line);
                return line;
            } else {
                log.error(line + " (onError: Continue)");
            }
        }
        return null;
    }

    private ClaimSnapshot start(
            BackupRequested request,
            JsonNode pvc,
            List<JsonNode> classes,
            String locationClass,
            List<SkippedVolume> skipped) {
        String driver = driverOf(pvc);
        String claimClass = pvc.path("metadata")
                .path("annotations")
                .path(SnapshotClasses.CLAIM_ANNOTATION)
                .asText(null);
        SnapshotClasses.Choice choice =
                SnapshotClasses.choose(driver, claimClass, request.volumeSnapshotClass(), locationClass, classes);
        String namespace = pvc.path("metadata").path("namespace").asText();
        String name = pvc.path("metadata").path("name").asText();
        String storageClass = pvc.path("spec").path("storageClassName").asText(null);
        if (choice.name() == null) {
            skipped.add(new SkippedVolume(namespace, name, storageClass, choice.reason()));
            log.warn("persistentvolumeclaim " + namespace + "/" + name + " was not snapshotted: " + choice.reason()
                    + "; its data is not in the backup");
            return null;
        }
        ClaimSnapshot snapshot = new ClaimSnapshot(client, request.name(), pvc, driver, choice);
        try {
            snapshot.create();
            return snapshot;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // Named for the backup and claim: an earlier, interrupted attempt of this backup created it.
                log.info("volume snapshot of " + snapshot.describe() + " exists from an earlier attempt; reused");
                return snapshot;
            }
            log.error("volume snapshot of " + snapshot.describe() + " could not be created: " + e.getMessage());
            return null;
        }
    }

    private void awaitCut(ClaimSnapshot snapshot, Instant deadline, Map<String, ClaimSnapshot> taken)
            throws InterruptedException {
        try {
            snapshot.awaitCut(deadline);
        } catch (ClaimSnapshot.SnapshotException | KubernetesClientException e) {
            fail(snapshot, e, taken);
        }
    }

    private boolean awaitReady(ClaimSnapshot snapshot, Instant deadline, Map<String, ClaimSnapshot> taken)
            throws InterruptedException {
        if (!taken.containsValue(snapshot)) {
            return false;
        }
        try {
            snapshot.awaitReady(deadline);
            return true;
        } catch (ClaimSnapshot.SnapshotException | KubernetesClientException e) {
            fail(snapshot, e, taken);
            return false;
        }
    }

    private void fail(ClaimSnapshot snapshot, Exception e, Map<String, ClaimSnapshot> taken) {
        log.error("volume snapshot of " + snapshot.describe() + " failed: " + e.getMessage());
        snapshot.discard();
        taken.values().remove(snapshot);
    }

    private List<JsonNode> snapshotClasses() {
        try {
            return client.genericKubernetesResources(CsiApi.CLASSES).list().getItems().stream()
                    .map(c -> (JsonNode) Json.MAPPER.valueToTree(c))
                    .toList();
        } catch (KubernetesClientException e) {
            log.warn("the cluster serves no VolumeSnapshotClasses (" + e.getMessage()
                    + "): is the CSI snapshot controller installed?");
            return List.of();
        }
    }

    /** The live objects named {@code namespace/name}, listed once per namespace. */
    private Map<String, JsonNode> live(String resource, Set<String> keys) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Set<String> namespaces = new TreeSet<>();
        keys.forEach(key -> namespaces.add(key.substring(0, key.indexOf('/'))));
        for (String namespace : namespaces) {
            var items = resource.equals("pods")
                    ? client.pods().inNamespace(namespace).list().getItems()
                    : client.persistentVolumeClaims()
                            .inNamespace(namespace)
                            .list()
                            .getItems();
            for (Object item : items) {
                JsonNode node = Json.MAPPER.valueToTree(item);
                if (keys.contains(key(node))) {
                    found.put(key(node), node);
                }
            }
        }
        return found;
    }

    private String driverOf(JsonNode pvc) {
        String volume = pvc.path("spec").path("volumeName").asText("");
        if (volume.isEmpty()) {
            return "";
        }
        var pv = client.persistentVolumes().withName(volume).get();
        return pv == null || pv.getSpec().getCsi() == null
                ? ""
                : pv.getSpec().getCsi().getDriver();
    }

    private static List<String> mountedClaims(JsonNode pod) {
        List<String> claims = new ArrayList<>();
        String namespace = pod.path("metadata").path("namespace").asText();
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            String claim =
                    volume.path("persistentVolumeClaim").path("claimName").asText("");
            if (!claim.isEmpty()) {
                claims.add(namespace + "/" + claim);
            }
        }
        return claims;
    }

    private static String key(JsonNode object) {
        return object.path("metadata").path("namespace").asText() + "/"
                + object.path("metadata").path("name").asText();
    }
}
