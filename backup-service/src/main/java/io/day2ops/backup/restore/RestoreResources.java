package io.day2ops.backup.restore;

import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.BackupManifest.ResourceEntry;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/** How {@link RestoreRunner} names what it creates, and what it says when a create gets no answer. */
final class RestoreResources {

    private RestoreResources() {}

    /** The resource as the backup recorded it, for one the target does not (yet) serve: creating then fails clearly. */
    static ApiResource fromEntry(ResourceEntry entry) {
        String[] gv = entry.apiVersion().contains("/")
                ? entry.apiVersion().split("/", 2)
                : new String[] {"", entry.apiVersion()};
        String plural = entry.resource().contains(".")
                ? entry.resource().substring(0, entry.resource().indexOf('.'))
                : entry.resource();
        return new ApiResource(gv[0], gv[1], plural, entry.kind(), entry.namespaced(), List.of(), List.of());
    }

    static ResourceDefinitionContext context(ApiResource resource) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(resource.group())
                .withVersion(resource.version())
                .withPlural(resource.plural())
                .withKind(resource.kind())
                .withNamespaced(resource.namespaced())
                .build();
    }

    /**
     * Why a create failed without an answer: a timeout names the cluster's request timeout and its setting, anything
     * else its own message.
     */
    static String failure(Throwable error, long timeoutMillis, String cluster) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        if (cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof java.net.http.HttpTimeoutException
                || cause instanceof java.net.SocketTimeoutException
                || String.valueOf(cause.getMessage())
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("timed out")
                || String.valueOf(cause.getMessage())
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("timeout")) {
            return "no answer within "
                    + java.time.Duration.ofMillis(timeoutMillis)
                            .toString()
                            .substring(2)
                            .toLowerCase(java.util.Locale.ROOT)
                    + " (day2.clusters." + cluster + ".request-timeout): " + cause.getMessage();
        }
        return String.valueOf(cause.getMessage());
    }

    /** The message of a Kubernetes Status answer, or "". */
    static String status(byte[] body) {
        try {
            return io.day2ops.backup.domain.Json.MAPPER
                    .readTree(body)
                    .path("message")
                    .asText("");
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** An API error as one line: its code and the Status message when there is one. */
    static String message(Exception e) {
        if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                && k.getStatus() != null
                && k.getStatus().getMessage() != null) {
            return k.getCode() + " " + k.getStatus().getMessage();
        }
        return e.getMessage();
    }

    /**
     * The manifest of a backup about to be restored, and every part checked against it: its sha256 against {@code
     * manifestSha256} (the catalog's; null for a backup found in storage, whose signature is checked instead), its
     * format, every part's size and sha256.
     */
    static io.day2ops.backup.domain.BackupManifest verifiedManifest(
            io.day2ops.backup.storage.BackupReader reader, String backup, String manifestSha256, Decryption decryption)
            throws java.io.IOException {
        byte[] bytes = reader.manifest(manifestSha256);
        var manifest =
                io.day2ops.backup.domain.Json.MAPPER.readValue(bytes, io.day2ops.backup.domain.BackupManifest.class);
        if (manifestSha256 == null) {
            decryption.verifyUncatalogued(manifest, bytes);
        }
        if (!io.day2ops.backup.domain.BackupManifest.FORMAT.equals(manifest.format())) {
            throw new io.day2ops.backup.storage.CorruptBackupException("backup " + backup + " has manifest format '"
                    + manifest.format() + "', this service reads " + io.day2ops.backup.domain.BackupManifest.FORMAT);
        }
        reader.verify(manifest.parts());
        return manifest;
    }

    /** The objects of the resources a restore includes, as the manifest counts them: its expected total. */
    static long items(
            List<ResourceEntry> entries,
            java.util.Map<String, ApiResource> served,
            io.day2ops.backup.domain.ResourceFilter filter) {
        return entries.stream()
                .filter(entry -> filter.includesResource(served.getOrDefault(entry.resource(), fromEntry(entry))))
                .mapToLong(ResourceEntry::items)
                .sum();
    }
}
