package io.day2ops.backup.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Velero's include/exclude rules for namespaces and resources. Empty includes or {@code *} mean everything; excludes
 * win over includes; namespace names may use {@code *} as a wildcard ({@code team-*}).
 */
public record ResourceFilter(
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResources,
        List<String> excludedResources) {

    public ResourceFilter {
        includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
        excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        includedResources = includedResources == null ? List.of() : List.copyOf(includedResources);
        excludedResources = excludedResources == null ? List.of() : List.copyOf(excludedResources);
    }

    /** Kinds that are never backed up: they are recreated by the cluster and restoring them does harm. */
    private static final List<String> NEVER =
            List.of("events", "events.events.k8s.io", "endpoints", "endpointslices.discovery.k8s.io");

    public boolean allNamespaces() {
        return includedNamespaces.isEmpty() || includedNamespaces.contains("*");
    }

    /** The included namespaces when they are plain names (so each can be listed on its own); else null. */
    public List<String> explicitNamespaces() {
        if (allNamespaces() || includedNamespaces.stream().anyMatch(ns -> ns.contains("*"))) {
            return null;
        }
        return includedNamespaces.stream()
                .filter(this::includesNamespace)
                .distinct()
                .toList();
    }

    public boolean includesNamespace(String namespace) {
        boolean included = allNamespaces() || includedNamespaces.stream().anyMatch(p -> glob(p, namespace));
        return included && excludedNamespaces.stream().noneMatch(p -> glob(p, namespace));
    }

    public boolean includesResource(ApiResource resource) {
        boolean included = includedResources.isEmpty()
                || includedResources.contains("*")
                || includedResources.stream().anyMatch(resource::isNamed);
        return included && excludedResources.stream().noneMatch(resource::isNamed);
    }

    /** Whether a resource is left out of every backup (Events, Endpoints, EndpointSlices). */
    public static boolean neverBackedUp(ApiResource resource) {
        return NEVER.contains(resource.groupResource());
    }

    /** Whether includedResources named this resource explicitly (so cluster-scoped kinds are wanted). */
    public boolean namesResource(ApiResource resource) {
        return includedResources.stream().anyMatch(resource::isNamed);
    }

    private static boolean glob(String pattern, String value) {
        if (!pattern.contains("*")) {
            return pattern.equals(value);
        }
        return Pattern.matches(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q"), value);
    }
}
