package io.day2ops.console.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.console.fleet.Fleet;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet page as HTML: rows in order of risk, every fact in words, the structure assistive tools read. */
class FleetPageTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void theLeastRecoverableClusterComesFirstWithItsProblemAndItsFixInWords() {
        Fleet fleet = new Fleet(Duration.ofHours(24));
        fleet.apply(SnapshotTakenBuilder.completed("p-1", "primary", NOW.minus(Duration.ofHours(3)))
                .build());
        fleet.apply(new DrillCompleted(
                "weekly-1",
                "primary",
                "standby",
                "p-1",
                true,
                null,
                900_000L,
                42_000L,
                86_400_000L,
                10_800_000L,
                List.of(),
                List.of(),
                NOW.minusSeconds(120),
                NOW.minusSeconds(60),
                null));
        fleet.apply(SnapshotTakenBuilder.completed("e-1", "edge", NOW.minus(Duration.ofHours(30)))
                .build());

        String html = new FleetPage().render(fleet, NOW);

        assertThat(html).contains("<html lang=\"en\">").contains("name=\"viewport\"");
        assertThat(html)
                .contains("<caption>Can each cluster be recovered right now, and how fast? Drawn at " + NOW
                        + ".</caption>");
        assertThat(html).contains("<th scope=\"col\">Last good backup</th>");
        assertThat(html).contains("2 clusters, 1 at risk.");
        assertThat(html.indexOf("data-cluster=\"edge\"")).isLessThan(html.indexOf("data-cluster=\"primary\""));
        assertThat(html)
                .contains("<tr class=\"CRITICAL\" data-cluster=\"edge\">")
                .contains("<td class=\"health\" data-label=\"Health\">at risk</td>")
                .contains("e-1, 30h old (objective 24h)")
                .contains("last good backup e-1 is 30h old; its objective is 24h (fix: <code>day2 backup create")
                .contains("never drilled");
        assertThat(html)
                .contains("<tr class=\"OK\" data-cluster=\"primary\">")
                .contains("<td class=\"health\" data-label=\"Health\">recoverable</td>")
                .contains("weekly-1: passed, RTO 42s of 15m, RPO 3h of 24h")
                .contains("no gate run");
    }

    @Test
    void whatTheEventsCarryIsEscapedNotInterpretedAsMarkup() {
        Fleet fleet = new Fleet(Duration.ofHours(24));
        fleet.apply(SnapshotTakenBuilder.completed("p-1", "primary", NOW.minus(Duration.ofHours(1)))
                .build());
        fleet.apply(new io.day2ops.events.BackupFailed(
                "p-2", "primary", "<script>alert(1)</script>", null, NOW.minusSeconds(10), null));

        String html = new FleetPage().render(fleet, NOW);

        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
