package io.day2ops.upgrade.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API versions Kubernetes deprecated and removed from 1.16 on, from the data file we ship
 * ({@code upgrade/deprecated-apis.json}; the deprecated API migration guide, as pluto and kubent use it).
 *
 * @param knownThrough the newest release the data is complete for
 * @param entries one per deprecated apiVersion and kind
 */
public record DeprecatedApis(KubernetesVersion knownThrough, List<Entry> entries) {

    public static final String RESOURCE = "/upgrade/deprecated-apis.json";

    /**
     * One deprecated apiVersion of a kind.
     *
     * @param apiVersion e.g. {@code policy/v1beta1}
     * @param kind e.g. {@code PodDisruptionBudget}
     * @param deprecatedIn the release that deprecated it
     * @param removedIn the release that stops serving it; null when no removal is scheduled
     * @param replacement the apiVersion to migrate to; null when there is none (PodSecurityPolicy)
     */
    public record Entry(
            String apiVersion,
            String kind,
            KubernetesVersion deprecatedIn,
            KubernetesVersion removedIn,
            String replacement) {

        /** The group of {@link #apiVersion()} ({@code ""} for the core group). */
        public String group() {
            int slash = apiVersion.indexOf('/');
            return slash < 0 ? "" : apiVersion.substring(0, slash);
        }
    }

    /** The data file shipped in this service. */
    public static DeprecatedApis load() {
        try (InputStream in = DeprecatedApis.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Entry> entries = new ArrayList<>();
            for (JsonNode api : root.get("apis")) {
                entries.add(new Entry(
                        api.get("apiVersion").asText(),
                        api.get("kind").asText(),
                        KubernetesVersion.parse(api.get("deprecatedIn").asText()),
                        api.hasNonNull("removedIn")
                                ? KubernetesVersion.parse(api.get("removedIn").asText())
                                : null,
                        api.hasNonNull("replacement") ? api.get("replacement").asText() : null));
            }
            return new DeprecatedApis(
                    KubernetesVersion.parse(root.get("knownThrough").asText()), entries);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }

    /** The entry for this apiVersion and kind, if it is deprecated. */
    public Optional<Entry> find(String apiVersion, String kind) {
        return entries.stream()
                .filter(e -> e.apiVersion().equals(apiVersion) && e.kind().equals(kind))
                .findFirst();
    }

    /** Every kind the data knows, with the apiVersions it replaces each deprecated one with (served ones first). */
    public Map<String, Set<String>> replacementsByKind() {
        Map<String, Set<String>> byKind = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.replacement() != null) {
                byKind.computeIfAbsent(entry.kind(), k -> new LinkedHashSet<>()).add(entry.replacement());
            }
        }
        return byKind;
    }
}
