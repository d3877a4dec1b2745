package io.day2ops.console.pages;

import io.day2ops.console.fleet.Fleet;
import io.day2ops.console.fleet.Health;
import io.quarkus.qute.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet page: one row per cluster, the least recoverable first; health in words next to its colour, every table
 * header scoped, a caption saying what the table is and when it was drawn, readable at 1280 px and on a phone.
 */
public final class FleetPage {

    private final Template template = Templates.get("fleet");

    /** The page for {@code fleet} as of {@code now}. */
    public String render(Fleet fleet, Instant now) {
        return render(fleet, now, new Viewer("someone", "viewer", null));
    }

    /** The page for {@code fleet} as of {@code now}, as {@code viewer} sees it. */
    public String render(Fleet fleet, Instant now, Viewer viewer) {
        List<FleetRow> rows =
                fleet.rows(now).stream().map(record -> FleetRow.of(record, now)).toList();
        long atRisk = rows.stream()
                .filter(r -> r.health().equals(Health.CRITICAL.name()))
                .count();
        return template.instance()
                .data("rows", rows)
                .data("drawnAt", now.toString())
                .data("viewer", viewer)
                .data("summary", Map.of("clusters", rows.size(), "atRisk", atRisk))
                .render();
    }
}
