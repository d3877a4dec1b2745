package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.ResourceFilter;
import io.day2ops.backup.storage.BackupReader;
import io.day2ops.backup.storage.StoredPart;
import io.day2ops.foundation.security.RequestPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A drill's or failover's restore (one with a {@code drillName}) never restores into a namespace it did not create:
 * system namespaces are left out, a target namespace that already exists must carry this drill's mark (the same drill
 * resumed), and every namespace it creates is marked — label {@code day2ops.io/drill} (for selecting) and annotation
 * {@code day2ops.io/drill} with the drill's full name (what cleanup checks before deleting). Blocking.
 */
public final class DrillNamespaces {

    /** The label and annotation that mark a namespace as created by a drill. */
    public static final String MARK = RequestPolicy.DRILL_MARK;

    /** A Namespace object in the backup's {@code namespaces} part: {@code cluster/<name>.json}. */
    private static final Pattern NAMESPACE_ENTRY = Pattern.compile("^cluster/([^/]+)\\.json$");

    private final KubernetesClient client;
    private final String cluster;
    private final String drill;
    private final List<String> systemNamespaces;
    private final Map<String, String> decided = new ConcurrentHashMap<>();

    public DrillNamespaces(KubernetesClient client, String cluster, String drill, List<String> systemNamespaces) {
        this.client = client;
        this.cluster = cluster;
        this.drill = drill;
        this.systemNamespaces = List.copyOf(systemNamespaces);
    }

    /** Why objects must not be restored into {@code namespace} because it is a system namespace, or null. */
    public String systemNamespace(String namespace) {
        return systemNamespaces.contains(namespace)
                ? "namespace " + namespace + " is a system namespace; a drill never restores into it"
                        + " (day2.policy.system-namespaces)"
                : null;
    }

    /**
     * Why {@code namespace} may not be restored into because it exists and this drill did not create it, or null
     * (it does not exist yet, or carries this drill's mark). Asked once per namespace.
     */
    public String notOurs(String namespace) {
        String reason = decided.computeIfAbsent(namespace, ns -> {
            Namespace existing = client.namespaces().withName(ns).get();
            if (existing == null || drill.equals(annotation(existing))) {
                return "";
            }
            return "Rejected: namespace " + ns + " already exists in cluster '" + cluster + "' and was not created by"
                    + " drill " + drill + " (no annotation " + MARK + "=" + drill + "); a drill or failover never"
                    + " restores into a namespace it did not create: map it to a new name";
        });
        return reason.isEmpty() ? null : reason;
    }

    /** Why nothing may be restored into {@code namespace}: a system namespace (skipped), one not ours (failed). */
    public String guard(String namespace) {
        if (namespace == null) {
            return null;
        }
        String system = systemNamespace(namespace);
        return system != null ? system : notOurs(namespace);
    }

    /**
     * Before anything is applied: refuses the restore when its target namespaces (the mapped ones, and those of the
     * backup's Namespace objects) include one that exists and that this drill did not create.
     */
    void refuseNotOurs(BackupReader reader, BackupManifest manifest, ResourceFilter filter, RestoreContext context)
            throws IOException {
        Set<String> targets = new TreeSet<>();
        context.request().namespaceMapping().forEach((from, to) -> {
            if (filter.includesNamespace(from)) {
                targets.add(to);
            }
        });
        for (BackupManifest.ResourceEntry entry : manifest.resources()) {
            StoredPart part = manifest.parts().stream()
                    .filter(p -> p.path().equals(entry.part()))
                    .findFirst()
                    .orElse(null);
            if (!entry.resource().equals("namespaces") || part == null) {
                continue;
            }
            try (InputStream in = reader.open(part);
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in, 64 * 1024))) {
                for (TarArchiveEntry file; (file = tar.getNextEntry()) != null; ) {
                    Matcher path = NAMESPACE_ENTRY.matcher(file.getName());
                    if (path.matches() && filter.includesNamespace(path.group(1))) {
                        targets.add(context.map(path.group(1)));
                    }
                }
            }
        }
        for (String namespace : targets) {
            String refusal = systemNamespace(namespace) == null ? notOurs(namespace) : null;
            if (refusal != null) {
                throw new RestoreRefusedException(refusal);
            }
        }
    }

    /** Marks a namespace this drill creates. */
    public void mark(ObjectMeta metadata) {
        if (metadata.getLabels() == null) {
            metadata.setLabels(new java.util.LinkedHashMap<>());
        }
        if (metadata.getAnnotations() == null) {
            metadata.setAnnotations(new java.util.LinkedHashMap<>());
        }
        metadata.getLabels().put(MARK, labelValue(drill));
        metadata.getAnnotations().put(MARK, drill);
    }

    /** Marks a Namespace object about to be created from the backup. */
    public void mark(ObjectNode namespace) {
        ObjectNode metadata = namespace.with("metadata");
        metadata.with("labels").put(MARK, labelValue(drill));
        metadata.with("annotations").put(MARK, drill);
    }

    /** The drill that created {@code namespace}, from its annotation, or null. */
    public static String annotation(Namespace namespace) {
        Map<String, String> annotations = namespace.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(MARK);
    }

    /** A drill's name as a label value (at most 63 characters; longer names are cut and suffixed with a hash). */
    static String labelValue(String drill) {
        if (drill.length() <= 63) {
            return drill;
        }
        String hash = Integer.toHexString(java.util.Arrays.hashCode(drill.getBytes(StandardCharsets.UTF_8)));
        return drill.substring(0, 62 - hash.length()).replaceAll("[^a-z0-9]+$", "") + "-" + hash;
    }
}
