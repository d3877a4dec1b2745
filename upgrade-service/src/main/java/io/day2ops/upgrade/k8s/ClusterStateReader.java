package io.day2ops.upgrade.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.day2ops.events.ResourceRef;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.domain.ApiUse;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.DeprecatedApis;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * Reads what the gate needs from a cluster, every list paged (500 per page) and the lists run in parallel: nodes,
 * kube-system pods, workloads, PDBs, PVCs, PVs; and every use of a deprecated apiVersion, as pluto and kubent find them
 * — objects still served under a deprecated version, last-applied configurations and managedFields of the kinds the
 * deprecation data knows, and the manifests of deployed Helm releases. Blocking.
 */
@ApplicationScoped
public class ClusterStateReader {

    static final long PAGE = 500;
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** Kinds written by controllers or never stored: their last-applied and managedFields say nothing about manifests. */
    private static final Set<String> NOT_FROM_MANIFESTS = Set.of(
            "ReplicaSet",
            "ControllerRevision",
            "Event",
            "EndpointSlice",
            "Lease",
            "TokenReview",
            "SubjectAccessReview",
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "CSINode",
            "VolumeAttachment",
            "CSIStorageCapacity");

    /** Kinds the state lists anyway, whose objects are scanned from those lists. */
    private static final Set<String> LISTED = Set.of("Deployment", "StatefulSet", "DaemonSet", "PodDisruptionBudget");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final DeprecatedApis data = DeprecatedApis.load();
    private final boolean helmReleases;
    private final ExecutorService lists = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "gate-lists");
        thread.setDaemon(true);
        return thread;
    });

    /** Reads Helm releases too. */
    public ClusterStateReader() {
        this(true);
    }

    @Inject
    public ClusterStateReader(UpgradeConfig config) {
        this(config.upgrade().helmReleases());
    }

    /** @param helmReleases whether deployed Helm releases (Secrets labelled owner=helm) are read */
    public ClusterStateReader(boolean helmReleases) {
        this.helmReleases = helmReleases;
    }

    public DeprecatedApis data() {
        return data;
    }

    @PreDestroy
    void stop() {
        lists.shutdownNow();
    }

    public ClusterState read(KubernetesClient client) {
        var version = async(() -> client.getKubernetesVersion().getGitVersion());
        var nodes = async(() -> all(o -> client.nodes().list(o)));
        var systemPods =
                async(() -> all(o -> client.pods().inNamespace("kube-system").list(o)));
        var deployments = async(
                () -> all(o -> client.apps().deployments().inAnyNamespace().list(o)));
        var statefulSets = async(
                () -> all(o -> client.apps().statefulSets().inAnyNamespace().list(o)));
        var daemonSets =
                async(() -> all(o -> client.apps().daemonSets().inAnyNamespace().list(o)));
        var budgets = async(() -> all(
                o -> client.policy().v1().podDisruptionBudget().inAnyNamespace().list(o)));
        var claims = async(
                () -> all(o -> client.persistentVolumeClaims().inAnyNamespace().list(o)));
        var volumes = async(() -> all(o -> client.persistentVolumes().list(o)));
        var releases = helmReleases
                ? async(() -> all(o -> client.secrets()
                        .inAnyNamespace()
                        .withLabels(Map.of("owner", "helm", "status", "deployed"))
                        .list(o)))
                : CompletableFuture.<List<Secret>>completedFuture(List.of());
        // one discovery call per apiVersion for the whole read, shared by both scans
        Map<String, APIResourceList> discovery = new ConcurrentHashMap<>();
        var otherObjects = async(() -> manifestKindObjects(client, discovery));
        // the API server's metrics first, before this read's own requests
        var apiServer = async(() -> ApiServerDeprecationsReader.read(client));
        var served = apiServer.thenCompose(seen -> async(() -> servedUnderDeprecatedVersions(client, discovery)));
        try {
            List<ApiUse> uses = new ArrayList<>();
            List<HasMetadata> scanned = new ArrayList<>();
            scanned.addAll(deployments.join());
            scanned.addAll(statefulSets.join());
            scanned.addAll(daemonSets.join());
            scanned.addAll(budgets.join());
            scanned.addAll(otherObjects.join());
            for (HasMetadata object : scanned) {
                uses.addAll(usesOf(object));
            }
            uses.addAll(served.join());
            int manifests = 0;
            for (Secret release : releases.join()) {
                manifests += helmUses(release, uses);
            }
            String scan = scanned.size() + " objects' last-applied configurations and managedFields, "
                    + (helmReleases
                            ? releases.join().size() + " deployed Helm releases (" + manifests + " manifests)"
                            : "no Helm releases (not read: day2.upgrade.helm-releases=false, they live in Secrets)");
            return new ClusterState(
                    version.join(),
                    nodes.join(),
                    systemPods.join(),
                    deployments.join(),
                    statefulSets.join(),
                    daemonSets.join(),
                    budgets.join(),
                    claims.join(),
                    volumes.join(),
                    uses,
                    scan,
                    apiServer.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Objects of the kinds the deprecation data knows (other than those listed anyway), by their served version. */
    private List<HasMetadata> manifestKindObjects(KubernetesClient client, Map<String, APIResourceList> discovery) {
        List<CompletableFuture<List<GenericKubernetesResource>>> pending = new ArrayList<>();
        for (Map.Entry<String, Set<String>> kind : data.replacementsByKind().entrySet()) {
            if (NOT_FROM_MANIFESTS.contains(kind.getKey()) || LISTED.contains(kind.getKey())) {
                continue;
            }
            for (String apiVersion : kind.getValue()) {
                APIResource resource = served(client, discovery, apiVersion, kind.getKey());
                if (resource != null) {
                    pending.add(async(() -> list(client, apiVersion, resource)));
                    break;
                }
            }
        }
        List<HasMetadata> objects = new ArrayList<>();
        pending.forEach(p -> objects.addAll(p.join()));
        return objects;
    }

    /**
     * Objects listed under a deprecated version the cluster still serves. The API server converts between versions, so
     * such a list shows every object of the kind; one counts only when its managedFields show a writer using the
     * deprecated version, or when it has none to tell (then the version it is served under is all we know).
     */
    private List<ApiUse> servedUnderDeprecatedVersions(
            KubernetesClient client, Map<String, APIResourceList> discovery) {
        List<ApiUse> uses = new ArrayList<>();
        for (DeprecatedApis.Entry entry : data.entries()) {
            if (NOT_FROM_MANIFESTS.contains(entry.kind())) {
                continue;
            }
            APIResource resource = served(client, discovery, entry.apiVersion(), entry.kind());
            if (resource == null) {
                continue;
            }
            // listed at the replacement when it is served (the API server converts, so the objects are the same):
            // a list at the deprecated version would itself count in apiserver_requested_deprecated_apis
            APIResource replacement =
                    entry.replacement() == null ? null : served(client, discovery, entry.replacement(), entry.kind());
            List<GenericKubernetesResource> objects = replacement == null
                    ? list(client, entry.apiVersion(), resource)
                    : list(client, entry.replacement(), replacement);
            for (GenericKubernetesResource object : objects) {
                List<ManagedFieldsEntry> managed = object.getMetadata().getManagedFields();
                boolean writtenOtherwise = managed != null
                        && !managed.isEmpty()
                        && managed.stream().noneMatch(m -> entry.apiVersion().equals(m.getApiVersion()));
                if (!writtenOtherwise) {
                    uses.add(new ApiUse(entry.apiVersion(), entry.kind(), ref(object), "served"));
                }
            }
        }
        return uses;
    }

    /** The uses an object's last-applied configuration and managedFields show. */
    List<ApiUse> usesOf(HasMetadata object) {
        List<ApiUse> uses = new ArrayList<>();
        String kind = object.getKind();
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String lastApplied = annotations == null ? null : annotations.get(LAST_APPLIED);
        if (lastApplied != null) {
            try {
                String apiVersion =
                        JSON.readTree(lastApplied).path("apiVersion").asText(null);
                if (apiVersion != null && data.find(apiVersion, kind).isPresent()) {
                    uses.add(new ApiUse(apiVersion, kind, ref(object), "last-applied-configuration"));
                }
            } catch (IOException notJson) {
                // a hand-edited annotation: nothing to learn from it
            }
        }
        List<ManagedFieldsEntry> managed = object.getMetadata().getManagedFields();
        if (managed != null) {
            for (ManagedFieldsEntry entry : managed) {
                if (entry.getApiVersion() != null
                        && data.find(entry.getApiVersion(), kind).isPresent()) {
                    uses.add(new ApiUse(
                            entry.getApiVersion(), kind, ref(object), "managedFields (" + entry.getManager() + ")"));
                }
            }
        }
        return uses;
    }

    /**
     * The uses in a deployed Helm release's manifest. Helm stores the release as base64 of gzipped JSON, inside the
     * Secret's own base64; returns the number of manifest documents read.
     */
    int helmUses(Secret release, List<ApiUse> uses) {
        String encoded = release.getData() == null ? null : release.getData().get("release");
        Map<String, String> labels = release.getMetadata().getLabels();
        String name = labels == null ? release.getMetadata().getName() : labels.getOrDefault("name", "?");
        String revision = labels == null ? "?" : labels.getOrDefault("version", "?");
        if (encoded == null) {
            return 0;
        }
        int documents = 0;
        try {
            byte[] helmBase64 = Base64.getDecoder().decode(encoded);
            byte[] gzipped = Base64.getDecoder().decode(new String(helmBase64, StandardCharsets.US_ASCII).trim());
            JsonNode json;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                json = JSON.readTree(in);
            }
            String manifest = json.path("manifest").asText("");
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc == null || !doc.isObject()) {
                        continue;
                    }
                    documents++;
                    String apiVersion = doc.path("apiVersion").asText(null);
                    String kind = doc.path("kind").asText(null);
                    if (apiVersion != null
                            && kind != null
                            && data.find(apiVersion, kind).isPresent()) {
                        String namespace =
                                doc.path("metadata").path("namespace").asText(null);
                        uses.add(new ApiUse(
                                apiVersion,
                                kind,
                                new ResourceRef(
                                        apiVersion,
                                        kind,
                                        namespace != null
                                                ? namespace
                                                : release.getMetadata().getNamespace(),
                                        doc.path("metadata").path("name").asText("?")),
                                "helm release " + name + " revision " + revision));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            uses.add(new ApiUse(
                    "helm.sh/release.v1",
                    "HelmRelease",
                    new ResourceRef(
                            "v1",
                            "Secret",
                            release.getMetadata().getNamespace(),
                            release.getMetadata().getName()),
                    "unreadable release (" + e.getMessage() + ")"));
        }
        return documents;
    }

    /** The resource serving {@code kind} in {@code apiVersion}, or null; discovery answers are kept per read. */
    private APIResource served(
            KubernetesClient client, Map<String, APIResourceList> discovery, String apiVersion, String kind) {
        APIResourceList resources = discovery.computeIfAbsent(apiVersion, version -> {
            try {
                APIResourceList list = client.getApiResources(version);
                return list == null ? new APIResourceList() : list;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return new APIResourceList();
                }
                throw e;
            }
        });
        if (resources == null || resources.getResources() == null) {
            return null;
        }
        return resources.getResources().stream()
                .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/"))
                .findFirst()
                .orElse(null);
    }

    private static List<GenericKubernetesResource> list(
            KubernetesClient client, String apiVersion, APIResource resource) {
        int slash = apiVersion.indexOf('/');
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(resource.getKind())
                .withPlural(resource.getName())
                .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
                .build();
        List<GenericKubernetesResource> objects = all(o -> Boolean.TRUE.equals(resource.getNamespaced())
                ? client.genericKubernetesResources(context).inAnyNamespace().list(o)
                : client.genericKubernetesResources(context).list(o));
        objects.forEach(o -> {
            if (o.getKind() == null) {
                o.setKind(resource.getKind());
                o.setApiVersion(apiVersion);
            }
        });
        return objects;
    }

    private static ResourceRef ref(HasMetadata object) {
        return new ResourceRef(
                object.getApiVersion(),
                object.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    /** Every item of a list, page by page. */
    static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> all(Function<ListOptions, L> lister) {
        List<T> items = new ArrayList<>();
        String next = null;
        do {
            L page = lister.apply(
                    new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
            items.addAll(page.getItems());
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return items;
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, lists);
    }
}
