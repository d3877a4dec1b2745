package io.day2ops.console.pages;

import io.day2ops.console.fleet.Fleet;
import io.day2ops.console.fleet.Health;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet page: one row per cluster, the least recoverable first; health in words next to its colour, every table
 * header scoped, a caption saying what the table is and when it was drawn, readable at 1280 px and on a phone.
 */
public final class FleetPage {

    private final Template template;

    public FleetPage() {
        // everything the events carry is escaped in HTML templates, as Quarkus' own Qute does (a failure reason is
        // text)
        Engine engine = Engine.builder()
                .addDefaults()
                .addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new io.quarkus.qute.HtmlEscaper(List.of(io.quarkus.qute.Variant.TEXT_HTML)))
                .build();
        template = engine.parse(
                resource("templates/fleet.html"),
                io.quarkus.qute.Variant.forContentType(io.quarkus.qute.Variant.TEXT_HTML));
    }

    /** The page for {@code fleet} as of {@code now}. */
    public String render(Fleet fleet, Instant now) {
        List<FleetRow> rows =
                fleet.rows(now).stream().map(record -> FleetRow.of(record, now)).toList();
        long atRisk = rows.stream()
                .filter(r -> r.health().equals(Health.CRITICAL.name()))
                .count();
        return template.data(
                        "rows", rows,
                        "drawnAt", now.toString(),
                        "summary", Map.of("clusters", rows.size(), "atRisk", atRisk))
                .render();
    }

    private static String resource(String path) {
        try (InputStream in = FleetPage.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
