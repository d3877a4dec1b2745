package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** How answers are printed: aligned tables for people (the default), {@code -o json} or {@code -o yaml} for tools. */
public final class Output {

    /** A column: its heading and how a row's value is read. */
    public record Column(String heading, Function<JsonNode, String> value) {

        /** The field {@code name} of each row, {@code <none>} when absent. */
        public static Column field(String heading, String name) {
            return new Column(heading, row -> text(row.path(name)));
        }

        /** How long ago the instant in field {@code name} was, as kubectl's AGE. */
        public static Column age(String heading, String name) {
            return new Column(
                    heading, row -> row.hasNonNull(name) ? ago(row.get(name).asText()) : "<none>");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Output() {}

    /** Prints {@code rows} (an array, or one object) in {@code format}: table, json or yaml. */
    public static void print(PrintWriter out, String format, JsonNode rows, List<Column> columns) {
        switch (format == null ? "table" : format) {
            case "json" -> out.println(write(JSON, rows));
            case "yaml" -> out.print(write(YAML, rows));
            case "table", "wide" ->
                table(out, rows.isArray() ? rows : JSON.createArrayNode().add(rows), columns);
            default ->
                throw new CliError(CliError.USAGE_OR_SERVER, "unknown output '" + format + "': table, json or yaml");
        }
        out.flush();
    }

    /** Prints an aligned table, kubectl-style: upper-case headings, two spaces between columns. */
    public static void table(PrintWriter out, JsonNode rows, List<Column> columns) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(c -> c.heading().toUpperCase()).toArray(String[]::new));
        for (JsonNode row : rows) {
            lines.add(columns.stream().map(c -> c.value().apply(row)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].length() + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            out.println("(none)");
        }
    }

    /** A value as a cell: text as it is, null or absent as {@code <none>}, containers as compact JSON. */
    public static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "<none>";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** "3m12s" style, from an ISO instant to now. */
    public static String ago(String instant) {
        try {
            return human(Duration.between(Instant.parse(instant), Instant.now()));
        } catch (RuntimeException e) {
            return instant;
        }
    }

    /** 45s, 3m12s, 2h5m, 3d4h. */
    public static String human(Duration duration) {
        long s = Math.max(0, duration.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : s % 86_400 / 3600 + "h");
    }

    private static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
