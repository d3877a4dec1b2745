package io.day2ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The alert rules of {@code k8s/components/monitoring/monitoring.yaml} as a plain Prometheus rules file: the
 * {@code spec} of its {@code PrometheusRule} (the Operator's wrapper dropped), which {@code promtool check rules},
 * {@code promtool test rules} and a Prometheus server without the Operator load ({@code ./day2 up} starts one).
 *
 * <p>{@code java ... PrometheusRules <monitoring.yaml> <rules file to write>}
 */
public final class PrometheusRules {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PrometheusRules() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PrometheusRules <monitoring.yaml> <rules file to write>");
            System.exit(2);
        }
        extract(Path.of(args[0]), Path.of(args[1]));
    }

    /** Writes the rule groups of the {@code PrometheusRule} in {@code manifests} to {@code rules}. */
    public static void extract(Path manifests, Path rules) throws IOException {
        JsonNode groups = null;
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(manifests.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null
                        && "PrometheusRule".equals(document.path("kind").asText())) {
                    groups = document.path("spec").path("groups");
                }
            }
        }
        if (groups == null || !groups.isArray()) {
            throw new IOException(manifests + " holds no PrometheusRule with spec.groups");
        }
        ObjectNode file = YAML.createObjectNode();
        file.set("groups", groups);
        Files.createDirectories(rules.toAbsolutePath().getParent());
        YAML.writeValue(rules.toFile(), file);
    }
}
