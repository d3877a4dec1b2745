package io.day2ops.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's {@code /q/metrics} as Prometheus reads it: one sample's value by name and labels. */
public final class ScrapedMetrics {

    private final String text;

    private ScrapedMetrics(String text) {
        this.text = text;
    }

    /** Scrapes {@code /q/metrics} as {@code admin}. */
    public static ScrapedMetrics scrape() {
        return new ScrapedMetrics(Api.asUser("admin")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** The whole exposition text. */
    public String text() {
        return text;
    }

    /**
     * The value of the sample {@code series}, written as exposed ({@code day2_jobs_total{kind="backup",outcome="Failed"}},
     * labels in the registry's order, which is alphabetical); 0 when the series is not exposed yet.
     */
    public double value(String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
