package io.day2ops.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.json} is what {@link AsyncApi} generates from the event types and their schemas (so it never
 * drifts), is valid AsyncAPI 3.0.0, and lists every topic with its schema. After changing an event: {@code ./mvnw -pl
 * shared-events test -Dtest=AsyncApiTest -Dday2.asyncapi.write=true} rewrites it.
 */
class AsyncApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCUMENT = Path.of("../docs/asyncapi.json");

    @Test
    void theCommittedDocumentIsWhatTheSchemasGenerate() throws IOException {
        String generated = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(AsyncApi.document()) + "\n";
        if (Boolean.getBoolean("day2.asyncapi.write")) {
            Files.writeString(DOCUMENT, generated);
        }
        assertThat(Files.readString(DOCUMENT))
                .as("docs/asyncapi.json is out of date: ./mvnw -pl shared-events test -Dtest=AsyncApiTest"
                        + " -Dday2.asyncapi.write=true")
                .isEqualTo(generated);
    }

    @Test
    void itIsValidAsyncApi3() throws IOException {
        JsonNode document = JSON.readTree(DOCUMENT.toFile());
        try (InputStream spec = getClass().getResourceAsStream("/asyncapi/3.0.0-without-id.json")) {
            var schema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(spec);
            assertThat(schema.validate(document)).isEmpty();
            // the validator does catch what is wrong: an info without its title, a channel address that is a number
            com.fasterxml.jackson.databind.node.ObjectNode broken =
                    (com.fasterxml.jackson.databind.node.ObjectNode) document.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("info")).remove("title");
            ((com.fasterxml.jackson.databind.node.ObjectNode)
                            broken.get("channels").elements().next())
                    .put("address", 5);
            assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
        }
        ObjectNodeCheck.broken(document);
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAChannelWhoseMessageIsTheTypesSchema() throws IOException {
        JsonNode document = JSON.readTree(DOCUMENT.toFile());
        List<String> addresses = new ArrayList<>();
        document.path("channels")
                .forEach(channel -> addresses.add(channel.path("address").asText()));
        for (EventType<?> type : EventType.ALL) {
            assertThat(addresses).contains(type.topic(), type.deadLetterTopic());
            JsonNode message = document.path("components")
                    .path("messages")
                    .path(type.javaType().getSimpleName());
            assertThat(message.path("title").asText()).isEqualTo(type.ceType());
            Path schema = DOCUMENT.getParent()
                    .resolve(message.path("payload").path("$ref").asText());
            assertThat(schema).as(type.ceType()).exists();
            assertThat(JSON.readTree(schema.toFile()).path("$id").asText()).isEqualTo(type.schemaId());
        }
        assertThat(addresses).hasSize(2 * EventType.ALL.size());
    }

    /** Every local {@code #/...} reference of the document resolves. */
    private static final class ObjectNodeCheck {
        static void broken(JsonNode document) {
            List<String> unresolved = new ArrayList<>();
            walk(document, document, unresolved);
            assertThat(unresolved).as("references that resolve to nothing").isEmpty();
        }

        private static void walk(JsonNode root, JsonNode node, List<String> unresolved) {
            if (node.isObject() && node.path("$ref").asText("").startsWith("#/")) {
                String pointer = node.get("$ref").asText().substring(1);
                if (root.at(pointer).isMissingNode()) {
                    unresolved.add(node.get("$ref").asText());
                }
            }
            node.forEach(child -> walk(root, child, unresolved));
        }
    }
}
