package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.crypto.KeyUnavailableException;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.BackupManifest.ResourceEntry;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.LabelSelectors;
import io.day2ops.backup.domain.ResourceFilter;
import io.day2ops.backup.hooks.HookPolicy;
import io.day2ops.backup.k8s.ApiDiscovery;
import io.day2ops.backup.restore.RestoreItem.Action;
import io.day2ops.backup.storage.BackupReader;
import io.day2ops.backup.storage.CorruptBackupException;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StoredPart;
import io.day2ops.events.HookResult;
import io.day2ops.events.RestoreRequested;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Restores a backup into a cluster, as {@code velero restore create} does: checks the manifest against the catalog and
 * every part against the manifest BEFORE anything is applied, then creates objects resource by resource in
 * {@link RestoreOrder}, {@code concurrency} requests in flight within a resource. Blocking.
 */
public final class RestoreRunner {

    private static final Pattern ENTRY =
            Pattern.compile("^(?:namespaces/([a-z0-9]([-a-z0-9]*[a-z0-9])?)|cluster)/([^/]+)\\.json(\\.enc)?$");

    private final KubernetesClient client;
    private final HttpClient http;
    private final String apiBase;
    private final StorageLocation location;
    private final Decryption decryption;
    private DocumentSealer sealer;
    private final int concurrency;
    private final List<RestoreItem> items = new ArrayList<>();
    private final List<HookResult> postRestoreHooks = Collections.synchronizedList(new ArrayList<>());
    private final HookPolicy redaction;
    private final Map<String, String> restoredNamespaces = new ConcurrentHashMap<>();
    private final RestoreItemActions actions;
    private final List<String> systemNamespaces;
    private RestoreContext context;
    private ExistingObjects existing;
    private static final String CRDS = "customresourcedefinitions.apiextensions.k8s.io";
    /** How long a restore waits for the CRDs it brought to be Established before their custom resources. */
    private static final java.time.Duration CRD_WAIT = java.time.Duration.ofSeconds(60);
    /** Custom resources whose CRD did not become Established, and why. */
    private Map<String, String> unserved = Map.of();
    /** How long {@code existingResourcePolicy: recreate} waits for a deleted object to be gone. */
    private static final java.time.Duration DELETION_WAIT = java.time.Duration.ofSeconds(60);

    private io.day2ops.foundation.jobs.JobProgress progress = io.day2ops.foundation.jobs.JobProgress.NONE;
    private String cluster = "?";

    /**
     * @param actions every restore item action, run in their {@link RestoreItemAction#order()} on each object they
     *     apply to
     * @param systemNamespaces namespaces a drill's or failover's restore never restores into
     */
    public RestoreRunner(
            KubernetesClient client,
            StorageLocation location,
            Decryption decryption,
            int concurrency,
            List<RestoreItemAction> actions,
            List<String> systemNamespaces,
            HookPolicy redaction) {
        this.client = client;
        this.redaction = redaction;
        this.http = client.getHttpClient();
        this.apiBase = client.getMasterUrl().toString().replaceAll("/+$", "");
        this.location = location;
        this.decryption = decryption;
        this.concurrency = Math.max(1, concurrency);
        this.actions = new RestoreItemActions(actions);
        this.systemNamespaces = List.copyOf(systemNamespaces);
    }

    /**
     * Reports each stage and object to {@code progress} (a job's: a restore that stops advancing is failed as stuck),
     * and stops before its next object once {@code held} answers false (its job was cancelled, or lost).
     */
    public RestoreRunner watchedBy(
            io.day2ops.foundation.jobs.JobProgress progress, java.util.function.BooleanSupplier held) {
        this.progress = progress;
        this.held = held;
        return this;
    }

    private java.util.function.BooleanSupplier held = () -> true;

    /** Throws when the restore must stop here, before it changes anything more. */
    private void safePoint() {
        if (!held.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("restore into " + cluster
                    + " stopped at a safe point: its job was cancelled or is no longer held by this worker");
        }
    }

    /** Everything the restore did, per object. */
    public synchronized List<RestoreItem> items() {
        return List.copyOf(items);
    }

    /** What every restore hook did, as it may be published. */
    public synchronized List<HookResult> hookResults() {
        List<HookResult> all = new ArrayList<>(context == null ? List.of() : context.hookResults());
        all.addAll(postRestoreHooks);
        return all;
    }

    /** Claims recreated from their volume snapshots. */
    public int volumesRestored() {
        return context == null ? 0 : context.volumesRestored();
    }

    /**
     * Runs the restore of {@code request.backupName()} whose manifest has {@code manifestSha256}. Throws
     * {@link CorruptBackupException} (nothing applied) when any stored byte differs from what was recorded.
     */
    public void run(RestoreRequested request, String manifestSha256) throws IOException, InterruptedException {
        cluster = request.cluster();
        progress.stage("reading the manifest");
        BackupReader reader = new BackupReader(location, request.backupName());
        BackupManifest manifest =
                RestoreResources.verifiedManifest(reader, request.backupName(), manifestSha256, decryption);
        try {
            sealer = decryption.of(manifest);
        } catch (KeyUnavailableException | IllegalArgumentException e) {
            throw new CorruptBackupException(
                    "backup " + request.backupName() + " cannot be decrypted: " + e.getMessage());
        }

        ResourceFilter filter = new ResourceFilter(
                request.includedNamespaces(),
                request.excludedNamespaces(),
                request.includedResources(),
                request.excludedResources());
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        existing = new ExistingObjects(client, request.name(), request.existingResourcePolicy(), DELETION_WAIT);
        DrillNamespaces drillNamespaces = request.drillName() == null
                ? null
                : new DrillNamespaces(client, request.cluster(), request.drillName(), systemNamespaces);
        context = new RestoreContext(
                request,
                client,
                dryRun,
                Boolean.FALSE.equals(request.restorePVs()) ? List.of() : manifest.volumeSnapshots(),
                drillNamespaces);
        if (drillNamespaces != null) {
            drillNamespaces.refuseNotOurs(reader, manifest, filter, context);
        }
        Map<String, ApiResource> served = ApiDiscovery.servedByName(client);
        List<ResourceEntry> entries = new ArrayList<>(manifest.resources());
        entries.sort((a, b) -> RestoreOrder.COMPARATOR.compare(a.resource(), b.resource()));
        progress.expectAtLeast(RestoreResources.items(entries, served, filter));
        for (ResourceEntry entry : entries) {
            ApiResource target = served.get(entry.resource());
            if (target == null) {
                target = RestoreResources.fromEntry(entry);
            }
            if (!filter.includesResource(target)) {
                continue;
            }
            StoredPart part = manifest.parts().stream()
                    .filter(p -> p.path().equals(entry.part()))
                    .findFirst()
                    .orElseThrow(() -> new CorruptBackupException("backup " + request.backupName() + ": resource "
                            + entry.resource() + " is in part " + entry.part() + ", which the manifest lacks"));
            safePoint();
            progress.stage("restoring " + entry.resource());
            progress.log("restoring " + entry.items() + " " + entry.resource());
            restoreResource(reader, part, entry, target, filter, request, dryRun);
            if (entry.resource().equals(CRDS) && !dryRun) {
                unserved = CrdEstablishment.await(client, items(), CRD_WAIT, progress);
                served = ApiDiscovery.servedByName(client); // the custom resources restored next are served now
            }
        }
        if (!dryRun) {
            postRestoreHooks.addAll(new PostRestoreHooks(client, redaction).run(request.hooks(), restoredNamespaces));
        }
    }

    private void restoreResource(
            BackupReader reader,
            StoredPart part,
            ResourceEntry entry,
            ApiResource target,
            ResourceFilter filter,
            RestoreRequested request,
            boolean dryRun)
            throws IOException, InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<Runnable> existingOnes = new ArrayList<>();
        try (InputStream in = reader.open(part);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in, 64 * 1024))) {
            for (TarArchiveEntry file; (file = tar.getNextEntry()) != null; ) {
                safePoint();
                Matcher path = ENTRY.matcher(file.getName());
                if (!path.matches() || file.getName().contains("..")) {
                    throw new CorruptBackupException("backup " + request.backupName() + ": part " + part.path()
                            + " holds an entry named '" + file.getName() + "', which is not an object path;"
                            + " refusing to restore from it");
                }
                byte[] bytes = tar.readAllBytes();
                if (path.group(4) != null) {
                    bytes = sealer.open(bytes, part.path() + "/" + file.getName());
                }
                ObjectNode object = (ObjectNode) Json.MAPPER.readTree(bytes);
                String namespace = path.group(1);
                String name = object.path("metadata").path("name").asText();
                if (namespace != null && !filter.includesNamespace(namespace)) {
                    continue;
                }
                if (entry.resource().equals("namespaces") && !filter.includesNamespace(name)) {
                    continue;
                }
                String targetNamespace = context.map(namespace);
                String guarded = context.drillNamespaces() == null
                        ? null
                        : context.drillNamespaces()
                                .guard(entry.resource().equals("namespaces") ? context.map(name) : targetNamespace);
                if (guarded != null) {
                    record(
                            entry.resource(),
                            targetNamespace,
                            name,
                            guarded.startsWith("Rejected") ? Action.Failed : Action.Skipped,
                            guarded);
                    continue;
                }
                if (!LabelSelectors.selects(
                        request.labelSelector(), request.orLabelSelectors(), LabelSelectors.labelsOf(object))) {
                    String selectors = request.orLabelSelectors().isEmpty()
                            ? "labelSelector does not match"
                            : "none of the orLabelSelectors matches";
                    record(entry.resource(), targetNamespace, name, Action.Skipped, selectors);
                    continue;
                }
                RestoreItemActions.Prepared prepared;
                try {
                    prepared = actions.prepare(entry.resource(), object, namespace, context);
                } catch (KubernetesClientException e) {
                    if (namespace != null) {
                        restoredNamespaces.put(targetNamespace, namespace);
                    }
                    record(entry.resource(), targetNamespace, name, Action.Failed, RestoreResources.message(e));
                    continue;
                }
                String objectName = prepared.item().name();
                if (prepared.skipReason() != null) {
                    record(entry.resource(), targetNamespace, objectName, Action.Skipped, prepared.skipReason());
                    continue;
                }
                if (namespace != null) {
                    restoredNamespaces.put(targetNamespace, namespace);
                }
                ObjectNode desired = prepared.item().desired();
                if (dryRun) {
                    compare(entry.resource(), target, targetNamespace, objectName, desired, inFlight);
                    continue;
                }
                if (unserved.containsKey(entry.resource())) {
                    record(
                            entry.resource(),
                            targetNamespace,
                            objectName,
                            Action.Failed,
                            unserved.get(entry.resource()));
                    continue;
                }
                RestoredBy.mark(desired, request.name(), request.backupName());
                create(entry.resource(), target, targetNamespace, objectName, desired, inFlight, existingOnes);
            }
        }
        inFlight.acquire(concurrency); // every request of this resource answered
        inFlight.release(concurrency);
        for (Runnable one : existingOnes) {
            safePoint();
            one.run();
        }
    }

    /**
     * A dry run's answer for one object: GETs the live one (asynchronously, like the creates) and records it as
     * {@code Planned} (would be created), {@code Unchanged} or {@code Differs} with the patch restoring would apply.
     */
    private void compare(
            String resource, ApiResource target, String namespace, String name, ObjectNode desired, Semaphore inFlight)
            throws InterruptedException {
        long timeout = client.getConfiguration().getRequestTimeout();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(apiBase + target.collectionPath(namespace) + "/" + name)
                .timeout(timeout, java.util.concurrent.TimeUnit.MILLISECONDS)
                .build();
        inFlight.acquire();
        http.sendAsync(request, byte[].class).whenComplete((response, error) -> {
            try {
                record(
                        error != null
                                ? new RestoreItem(
                                        resource,
                                        namespace,
                                        name,
                                        Action.Failed,
                                        RestoreResources.failure(error, timeout, cluster))
                                : existing.compared(
                                        resource, namespace, name, desired, response.code(), response.body()));
            } finally {
                inFlight.release();
            }
        });
    }

    /**
     * Creates an object with one asynchronous POST of its JSON (no client-side model), at most {@code concurrency} in
     * flight; an existing object is left to {@link ExistingObjects} once the resource's creates are done.
     */
    private void create(
            String resource,
            ApiResource target,
            String namespace,
            String name,
            ObjectNode desired,
            Semaphore inFlight,
            List<Runnable> existingOnes)
            throws InterruptedException, IOException {
        if (namespace != null) {
            context.ensureNamespace(namespace);
        }
        long timeout = client.getConfiguration().getRequestTimeout();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(apiBase + target.collectionPath(namespace))
                .post("application/json", Json.MAPPER.writeValueAsBytes(desired))
                .timeout(timeout, java.util.concurrent.TimeUnit.MILLISECONDS)
                .build();
        inFlight.acquire();
        if (!held.getAsBoolean()) {
            inFlight.release();
            safePoint(); // the wait for a free slot may have outlasted the job
        }
        http.sendAsync(request, byte[].class).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    record(resource, namespace, name, Action.Failed, RestoreResources.failure(error, timeout, cluster));
                } else if (response.isSuccessful()) {
                    record(resource, namespace, name, Action.Created, null);
                } else if (response.code() == 409) {
                    synchronized (existingOnes) {
                        existingOnes.add(() -> record(existing.resolve(resource, target, namespace, name, desired)));
                    }
                } else {
                    record(
                            resource,
                            namespace,
                            name,
                            Action.Failed,
                            response.code() + " " + RestoreResources.status(response.body()));
                }
            } finally {
                inFlight.release();
            }
        });
    }

    private void record(String resource, String namespace, String name, Action action, String message) {
        record(new RestoreItem(resource, namespace, name, action, message));
    }

    private synchronized void record(RestoreItem item) {
        items.add(item);
        progress.advanced();
        if (item.action() == Action.Failed) {
            progress.log("error: " + item.resource() + " " + (item.namespace() == null ? "" : item.namespace() + "/")
                    + item.name() + ": " + item.message());
        }
    }
}
