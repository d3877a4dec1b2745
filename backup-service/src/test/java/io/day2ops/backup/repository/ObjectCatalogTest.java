package io.day2ops.backup.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.backup.capture.ObjectIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectCatalogTest {

    @Test
    void entriesTravelAsSixColumnsInOrderWithNullsKept() {
        String[][] columns = ObjectCatalog.columns(List.of(
                new ObjectIndex.Entry("configmaps", "ConfigMap", "a", "x \"q\",{}", null, null),
                new ObjectIndex.Entry("namespaces", "Namespace", "", "a", "7", "ff")));
        assertThat(columns).hasDimensions(6, 2);
        assertThat(columns[0]).containsExactly("configmaps", "namespaces");
        assertThat(columns[1]).containsExactly("ConfigMap", "Namespace");
        assertThat(columns[2]).containsExactly("a", "");
        assertThat(columns[3]).containsExactly("x \"q\",{}", "a");
        assertThat(columns[4]).containsExactly(null, "7");
        assertThat(columns[5]).containsExactly(null, "ff");
    }
}
