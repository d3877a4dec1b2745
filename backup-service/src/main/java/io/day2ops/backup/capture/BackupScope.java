package io.day2ops.backup.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.LabelSelectors;
import io.day2ops.backup.domain.ResourceFilter;
import io.day2ops.events.BackupRequested;
import java.util.List;

/**
 * What a backup request selects, as Velero reads it: namespaces; resources either by the older filters
 * ({@code includedResources}/{@code excludedResources} with {@code includeClusterResources}) or by the scoped ones
 * ({@code included/excludedClusterScopedResources}, {@code included/excludedNamespaceScopedResources}; a request
 * mixing the two is refused before it gets here); objects by {@code labelSelector} or {@code orLabelSelectors}.
 */
final class BackupScope {

    /** How much of a cluster-scoped resource is backed up. */
    enum Cluster {
        /** Every object (that the label selectors match). */
        ALL,
        /** Only the objects the captured namespaced ones need: their Namespaces, CRDs, bound volumes. */
        RELATED,
        /** None, not even related ones. */
        NONE
    }

    private final BackupRequested request;
    private final ResourceFilter filter;
    private final ResourceFilter namespaced;
    private final ResourceFilter clusterScoped;

    BackupScope(BackupRequested request) {
        this.request = request;
        this.filter = new ResourceFilter(
                request.includedNamespaces(),
                request.excludedNamespaces(),
                request.includedResources(),
                request.excludedResources());
        this.namespaced = new ResourceFilter(
                null, null, request.includedNamespaceScopedResources(), request.excludedNamespaceScopedResources());
        this.clusterScoped = new ResourceFilter(
                null, null, request.includedClusterScopedResources(), request.excludedClusterScopedResources());
    }

    /** The namespace part of the request (and, for the older filters, the resource part). */
    ResourceFilter filter() {
        return filter;
    }

    /** Whether a discovered resource may be listed at all. */
    boolean includes(ApiResource resource) {
        if (!request.scopedResourceFilters()) {
            return filter.includesResource(resource);
        }
        if (resource.namespaced()) {
            return namespaced.includesResource(resource)
                    && !request.excludedNamespaceScopedResources().contains("*");
        }
        return cluster(resource) != Cluster.NONE;
    }

    /**
     * A cluster-scoped resource: the older filters take all of it with {@code includeClusterResources: true}, when
     * every namespace is backed up, or when {@code includedResources} names it; none with {@code false}; else what is
     * related. The scoped ones take none when {@code excludedClusterScopedResources} names it or is {@code *}; all when
     * {@code includedClusterScopedResources} names it or is {@code *}, or when only exclusions are given; else what is
     * related.
     */
    Cluster cluster(ApiResource resource) {
        if (!request.scopedResourceFilters()) {
            Boolean include = request.includeClusterResources();
            if (Boolean.FALSE.equals(include)) {
                return Cluster.NONE;
            }
            boolean all = Boolean.TRUE.equals(include) || filter.allNamespaces() || filter.namesResource(resource);
            return all ? Cluster.ALL : Cluster.RELATED;
        }
        List<String> included = request.includedClusterScopedResources();
        List<String> excluded = request.excludedClusterScopedResources();
        if (excluded.contains("*") || excluded.stream().anyMatch(resource::isNamed)) {
            return Cluster.NONE;
        }
        if (included.contains("*") || included.stream().anyMatch(resource::isNamed)) {
            return Cluster.ALL;
        }
        return included.isEmpty() && !excluded.isEmpty() ? Cluster.ALL : Cluster.RELATED;
    }

    /** Whether an object's labels are selected: {@code labelSelector}, or at least one of {@code orLabelSelectors}. */
    boolean selects(JsonNode object) {
        return LabelSelectors.selects(
                request.labelSelector(), request.orLabelSelectors(), LabelSelectors.labelsOf(object));
    }

    /** The {@code labelSelector} query to narrow lists by on the server; null for {@code orLabelSelectors}. */
    String serverQuery() {
        return request.orLabelSelectors().isEmpty() ? LabelSelectors.serverQuery(request.labelSelector()) : null;
    }
}
