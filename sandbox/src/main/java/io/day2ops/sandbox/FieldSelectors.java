package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/** Field selectors ({@code spec.nodeName=n1,status.phase!=Succeeded}) on any field path of an object. */
final class FieldSelectors {

    private FieldSelectors() {}

    static boolean matches(String selector, JsonNode object) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        for (String term : selector.split(",")) {
            boolean negated = term.contains("!=");
            String[] parts = term.split(negated ? "!=" : "==?", 2);
            if (parts.length != 2) {
                continue;
            }
            JsonNode value = object;
            for (String field : parts[0].trim().split("\\.")) {
                value = value.path(field);
            }
            String actual = value.isMissingNode() || value.isNull() ? "" : value.asText();
            if (actual.equals(parts[1].trim()) == negated) {
                return false;
            }
        }
        return true;
    }
}
