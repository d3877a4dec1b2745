package io.day2ops.backup.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.backup.capture.ObjectIndex;
import io.day2ops.backup.domain.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectCatalogTest {

    private static ObjectIndex.Entry entry(String namespace, String name, String rv, String sha) {
        return new ObjectIndex.Entry("configmaps", "ConfigMap", namespace, name, rv, sha);
    }

    @Test
    void rowsAreOneJsonArrayWithNullsAsNulls() throws Exception {
        String rows = ObjectCatalog.rows(List.of(entry("a", "x \"quoted\"", null, null), entry("", "y", "7", "ff")));
        var tree = Json.MAPPER.readTree(rows);
        assertThat(tree.size()).isEqualTo(2);
        assertThat(tree.get(0).path("name").asText()).isEqualTo("x \"quoted\"");
        assertThat(tree.get(0).get("rv").isNull()).isTrue();
        assertThat(tree.get(0).get("sha").isNull()).isTrue();
        assertThat(tree.get(1).path("namespace").asText()).isEmpty();
        assertThat(tree.get(1).path("sha").asText()).isEqualTo("ff");
    }
}
