package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code describe} for people, as {@code velero backup describe}: one "Field: value" line per scalar, nested objects
 * indented under their name, lists one item per line; empty values left out.
 */
final class Describer {

    private Describer() {}

    static void print(PrintWriter out, JsonNode object) {
        print(out, object, "");
        out.flush();
    }

    private static void print(PrintWriter out, JsonNode object, String indent) {
        int width = 0;
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, label(names.next()).length() + 1);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
                continue;
            }
            // nested maps (item counts per resource, namespace mappings) keep their keys as they are
            String label =
                    (indent.isEmpty() || !field.getKey().equals(field.getKey().toLowerCase())
                                    ? label(field.getKey())
                                    : field.getKey())
                            + ":";
            if (value.isObject()) {
                out.println(indent + label);
                print(out, value, indent + "  ");
            } else if (value.isArray()) {
                out.println(indent + label);
                for (JsonNode item : value) {
                    if (item.isObject()) {
                        out.println(indent + "  -");
                        print(out, item, indent + "    ");
                    } else {
                        out.println(indent + "  - " + item.asText());
                    }
                }
            } else {
                String text = field.getKey().equals("sizeBytes") ? bytes(value.asLong()) : value.asText();
                out.println(indent + label + " ".repeat(width + 2 - label.length()) + text);
            }
        }
    }

    /** requestedBy → Requested By. */
    static String label(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (i == 0) {
                text.append(Character.toUpperCase(c));
            } else if (Character.isUpperCase(c) && !Character.isUpperCase(field.charAt(i - 1))) {
                text.append(' ').append(c);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** 1536 → 1.5 KiB. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
