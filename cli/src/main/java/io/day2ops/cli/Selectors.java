package io.day2ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code --selector app=web,tier=front} as a label selector's {@code matchLabels}; other operators are refused. */
final class Selectors {

    private Selectors() {}

    /** Velero's {@code --or-selector "app=web or app=api,tier=front"}: one selector per side of each {@code or}. */
    static com.fasterxml.jackson.databind.node.ArrayNode anyOf(String selectors) {
        com.fasterxml.jackson.databind.node.ArrayNode list = new ObjectMapper().createArrayNode();
        for (String selector : selectors.split("\\s+or\\s+")) {
            list.add(matchLabels(selector.trim()));
        }
        return list;
    }

    static ObjectNode matchLabels(String selector) {
        ObjectNode labels = new ObjectMapper().createObjectNode();
        for (String term : selector.split(",")) {
            String[] pair = term.split("=", -1);
            if (pair.length != 2 || pair[0].isBlank() || pair[0].endsWith("!")) {
                throw new CliError(
                        CliError.USAGE_OR_SERVER,
                        "--selector '" + selector + "': each term must be key=value (only equality is supported)");
            }
            labels.put(pair[0].trim(), pair[1].trim());
        }
        ObjectNode selectorNode = new ObjectMapper().createObjectNode();
        selectorNode.set("matchLabels", labels);
        return selectorNode;
    }
}
