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
}
