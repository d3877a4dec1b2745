package io.day2ops.backup.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.BackupManifest.ResourceEntry;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.ResourceFilter;
import io.day2ops.backup.k8s.ApiDiscovery;
import io.day2ops.backup.k8s.ResourcePages;
import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.backup.storage.FencedOffException;
import io.day2ops.events.BackupRequested;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Captures a cluster's objects into a backup, as {@code velero backup create} does: discovers every served resource,
 * applies the request's filters, lists each resource page by page ({@code concurrency} resources at a time) and streams
 * its objects into its own archive part. Namespaced resources first, then the cluster-scoped ones the request wants.
 * Memory holds a page per running lister, whatever the cluster's size.
 */
public final class BackupCapture {

    private static final String NAMESPACES = "namespaces";
    private static final String CRDS = "customresourcedefinitions.apiextensions.k8s.io";

    private final KubernetesClient client;
    private final BackupWriter writer;
    private final BackupLog log;
    private final DocumentSealer sealer;
    private final int concurrency;
    private final int pageSize;
    private final io.day2ops.foundation.jobs.JobProgress progress;
    private final Instant startedAt;
    private final List<BackupItemAction> actions;
    private CaptureContext context;
    private ObjectIndex index = new ObjectIndex(0);

    /** Indexes every captured object for the fleet catalogue, at most {@code max} of them. */
    public BackupCapture indexing(int max) {
        this.index = new ObjectIndex(max);
        return this;
    }

    /** What the catalogue learns of this backup. */
    public ObjectIndex index() {
        return index;
    }

    public BackupCapture(
            KubernetesClient client,
            BackupWriter writer,
            BackupLog log,
            DocumentSealer sealer,
            int concurrency,
            int pageSize,
            Instant startedAt,
            List<BackupItemAction> actions,
            io.day2ops.foundation.jobs.JobProgress progress) {
        this.progress = progress;
        this.client = client;
        this.writer = writer;
        this.log = log;
        this.sealer = sealer;
        this.concurrency = Math.max(1, concurrency);
        this.pageSize = pageSize;
        this.startedAt = startedAt;
        this.actions = List.copyOf(actions);
    }

    /**
     * Captures what {@code request} asks for. Per-resource failures are logged as errors and the capture goes on; a
     * cluster whose API cannot be discovered fails the whole capture (exception).
     */
    public List<ResourceEntry> capture(BackupRequested request) throws InterruptedException, FencedOffException {
        context = new CaptureContext(request);
        BackupScope scope = new BackupScope(request);
        ResourceFilter filter = scope.filter();
        if (filter.explicitNamespaces() != null) {
            filter.explicitNamespaces().forEach(namespace -> context.need(NAMESPACES, namespace));
        }
        List<ApiResource> discovered = ApiDiscovery.discover(client);
        List<ApiResource> namespaced = new ArrayList<>();
        List<ApiResource> clusterScoped = new ArrayList<>();
        for (ApiResource resource : discovered) {
            if (!scope.includes(resource)) {
                continue;
            }
            if (ResourceFilter.neverBackedUp(resource)) {
                log.info("skipped " + resource.groupResource() + ": never backed up (the cluster recreates them)");
                continue;
            }
            (resource.namespaced() ? namespaced : clusterScoped).add(resource);
        }
        log.info("discovered " + discovered.size() + " listable resources; capturing " + namespaced.size()
                + " namespaced and up to " + clusterScoped.size() + " cluster-scoped");

        List<ResourceEntry> entries = new ArrayList<>(run(namespaced, resource -> captureNamespaced(resource, scope)));
        entries.addAll(run(clusterScoped, resource -> captureClusterScoped(resource, scope)));
        entries.sort(Comparator.comparing(ResourceEntry::resource));
        return entries;
    }

    /** The captured pods backup hooks may run in ({@code namespace/name}): annotated ones, or all when the request has hooks. */
    public Set<String> capturedPods() {
        return context.podsForHooks();
    }

    /** The PersistentVolumeClaims captured, {@code namespace/name}: those whose volumes may be snapshotted. */
    public Set<String> capturedClaims() {
        return context.claims();
    }

    private interface ResourceTask {
        ResourceEntry capture(ApiResource resource) throws IOException;
    }

    /** Runs one task per resource, {@code concurrency} at a time; returns the entries of resources with items. */
    private List<ResourceEntry> run(List<ApiResource> resources, ResourceTask task)
            throws InterruptedException, FencedOffException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, resources.size())));
        try {
            Map<ApiResource, Future<ResourceEntry>> futures = new HashMap<>();
            for (ApiResource resource : resources) {
                futures.put(resource, pool.submit(() -> task.capture(resource)));
            }
            List<ResourceEntry> entries = new ArrayList<>();
            for (ApiResource resource : resources) {
                try {
                    ResourceEntry entry = futures.get(resource).get();
                    if (entry != null) {
                        entries.add(entry);
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    for (Throwable t = cause; t != null; t = t.getCause()) {
                        if (t instanceof FencedOffException fenced) {
                            throw fenced; // not this resource's problem: the whole backup is no longer ours to write
                        }
                    }
                    boolean forbidden = cause instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                            && k.getCode() == 403;
                    log.error("could not back up " + resource.groupResource() + ": " + cause.getMessage()
                            + (forbidden
                                    ? " (not permitted: grant get/list on it, e.g. with a ClusterRole labelled"
                                            + " day2ops.io/aggregate-to-backup-reader: \"true\")"
                                    : ""));
                }
            }
            return entries;
        } finally {
            pool.shutdownNow();
        }
    }

    private ResourceEntry captureNamespaced(ApiResource resource, BackupScope scope) throws IOException {
        ResourceFilter filter = scope.filter();
        try (Capture capture = new Capture(resource)) {
            List<String> explicit = filter.explicitNamespaces();
            String selector = scope.serverQuery();
            if (explicit != null) {
                for (String namespace : explicit) {
                    ResourcePages.forEach(
                            client,
                            resource,
                            namespace,
                            selector,
                            pageSize,
                            object -> {
                                if (scope.selects(object)) {
                                    capture.add(object);
                                } else {
                                    progress.expect(-1); // listed, not captured
                                }
                            },
                            progress::expect);
                }
            } else {
                ResourcePages.forEach(
                        client,
                        resource,
                        null,
                        selector,
                        pageSize,
                        object -> {
                            if (filter.includesNamespace(namespace(object)) && scope.selects(object)) {
                                capture.add(object);
                            } else {
                                progress.expect(-1);
                            }
                        },
                        progress::expect);
            }
            return capture.entry();
        }
    }

    /**
     * Cluster-scoped objects: all of them the label selectors match ({@link BackupScope#cluster}), or only those the
     * captured namespaced objects need (their Namespace objects, the CRDs of their custom resources, and what item
     * actions asked for, such as the PersistentVolumes their claims are bound to), or none.
     */
    private ResourceEntry captureClusterScoped(ApiResource resource, BackupScope scope) throws IOException {
        BackupScope.Cluster how = scope.cluster(resource);
        String kind = resource.groupResource();
        if (how == BackupScope.Cluster.NONE || (how == BackupScope.Cluster.RELATED && !context.needsAny(kind))) {
            return null;
        }
        boolean all = how == BackupScope.Cluster.ALL;
        try (Capture capture = new Capture(resource)) {
            ResourcePages.forEach(
                    client,
                    resource,
                    null,
                    null,
                    pageSize,
                    object -> {
                        boolean wanted = all ? scope.selects(object) : context.needs(kind, identity(kind, object));
                        if (wanted) {
                            capture.add(object);
                        } else {
                            progress.expect(-1);
                        }
                    },
                    progress::expect);
            return capture.entry();
        }
    }

    /** How a cluster-scoped object is named when needed: a CRD by the resource it defines, others by name. */
    private static String identity(String kind, JsonNode object) {
        return kind.equals(CRDS)
                ? object.path("spec").path("names").path("plural").asText() + "."
                        + object.path("spec").path("group").asText()
                : object.path("metadata").path("name").asText();
    }

    /** One resource being written: its archive is opened on the first object, so empty kinds leave no part. */
    private final class Capture implements AutoCloseable {
        private final ApiResource resource;
        private final String part;
        private ResourceArchive archive;
        private int items;
        private int flagged;

        Capture(ApiResource resource) {
            progress.stage("listing " + resource.groupResource());
            this.resource = resource;
            this.part = BackupManifest.archivePart(resource.groupResource());
        }

        void add(ObjectNode object) {
            try {
                if (archive == null) {
                    archive = new ResourceArchive(writer.part(part), startedAt);
                }
                String namespace = resource.namespaced() ? namespace(object) : null;
                BackupItem item = new BackupItem(resource.groupResource(), namespace, object);
                if (namespace != null) {
                    context.need(NAMESPACES, namespace);
                    context.need(CRDS, resource.groupResource());
                }
                BackupItemAction.applyAll(actions, item, context);
                boolean seal = sealer != null && item.marks().sealed();
                String path = ResourceArchive.entryPath(namespace, item.name(), seal);
                index.add(resource.groupResource(), resource.kind(), namespace, object, seal);
                byte[] document = Json.MAPPER.writeValueAsBytes(object);
                archive.add(path, seal ? sealer.seal(document, part + "/" + path) : document);
                items++;
                progress.advanced();
                if (item.marks().isNotRestored()) {
                    flagged++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + part, e);
            }
        }

        ResourceEntry entry() {
            if (items == 0) {
                return null;
            }
            log.info("backed up " + items + " " + resource.groupResource()
                    + (flagged > 0 ? " (" + flagged + " owned by a controller: recorded, not restored)" : ""));
            return new ResourceEntry(
                    resource.groupResource(),
                    resource.apiVersion(),
                    resource.kind(),
                    resource.namespaced(),
                    part,
                    items,
                    flagged);
        }

        @Override
        public void close() throws IOException {
            if (archive != null) {
                archive.close();
            }
        }
    }

    private static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText();
    }
}
