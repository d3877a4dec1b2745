package io.day2ops.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden-JSON contract of every v1 event. A renamed or removed field fails here: the golden document is what
 * other systems publish and read, and it must keep parsing into the record and coming back out unchanged.
 */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventCodec codec = new EventCodec();

    static Stream<EventType<?>> types() {
        return EventType.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenDocumentConformsToTheSchema(EventType<?> type) {
        assertThat(codec.validate(type, golden(type))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenDocumentRoundTripsThroughTheRecordUnchanged(EventType<?> type) throws Exception {
        JsonNode golden = golden(type);
        Day2Event event = codec.parse(type, golden.toString());

        assertThat(event).isInstanceOf(type.javaType());
        assertThat(JSON.readTree(codec.toJson(event))).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenDocumentPinsEveryField(EventType<?> type) {
        Set<String> goldenFields = new TreeSet<>();
        golden(type).fieldNames().forEachRemaining(goldenFields::add);

        assertThat(goldenFields).isEqualTo(recordFields(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaDescribesExactlyTheRecordsFields(EventType<?> type) throws IOException {
        JsonNode schema = resource(type.schemaResource());
        Set<String> schemaFields = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(schemaFields::add);

        assertThat(schemaFields).isEqualTo(recordFields(type));
        assertThat(schema.get("title").asText()).isEqualTo(type.ceType());
        schema.get("properties")
                .fields()
                .forEachRemaining(field -> assertThat(field.getValue().has("description")
                                || field.getValue().has("$ref"))
                        .as("%s.%s has a description", type.ceType(), field.getKey())
                        .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void topicAndTypeFollowTheNamingRule(EventType<?> type) {
        assertThat(type.topic()).matches("day2\\.[a-z]+\\.[a-z-]+\\.v1");
        assertThat(type.ceType()).isEqualTo("io.day2ops." + type.topic().substring("day2.".length()));
        assertThat(type.deadLetterTopic()).isEqualTo(type.topic() + ".dlq");
        assertThat(EventType.byCeType(type.ceType())).contains(type);
        assertThat(EventType.byTopic(type.topic())).contains(type);
    }

    private static Set<String> recordFields(EventType<?> type) {
        return Arrays.stream(type.javaType().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode golden(EventType<?> type) {
        try {
            return resource("/golden/" + type.area() + "." + type.event() + ".v1.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = EventContractTest.class.getResourceAsStream(path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
