package io.day2ops.console.pages;

import java.util.List;
import java.util.Locale;

/**
 * A drill trend as an SVG line chart drawn on the server (no script, no charting library): measured RTO and RPO per
 * drill, oldest left, with their objectives as thin lines. The chart has a title and a description for assistive
 * tools; the page puts the same figures in a table next to it.
 */
public final class TrendChart {

    /** One drill on the chart, in seconds (null: not measured). */
    public record Point(String label, Double rtoSeconds, Double rpoSeconds, Double rtoObjective, Double rpoObjective) {}

    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int PAD = 40;

    private TrendChart() {}

    /** The SVG for {@code points}, oldest first. */
    public static String svg(List<Point> points) {
        double max = 1;
        for (Point p : points) {
            for (Double v : new Double[] {p.rtoSeconds(), p.rpoSeconds(), p.rtoObjective(), p.rpoObjective()}) {
                if (v != null) {
                    max = Math.max(max, v);
                }
            }
        }
        max *= 1.1;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 %d %d\""
                        + " width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<title id=\"chart-title\">Drill RTO and RPO over time</title>");
        svg.append("<desc id=\"chart-desc\">")
                .append(points.size())
                .append(" drills; highest value ")
                .append(seconds(max / 1.1))
                .append("</desc>");
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\"/>",
                PAD,
                HEIGHT - PAD,
                WIDTH - 10,
                HEIGHT - PAD));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\"/>",
                PAD,
                PAD,
                HEIGHT - PAD));
        svg.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"16\" font-size=\"11\">%s</text>", seconds(max)));
        svg.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%d\" font-size=\"11\">0</text>", HEIGHT - PAD));
        line(svg, points, max, 0, "#0b4f9e", "", 2.5);
        line(svg, points, max, 1, "#8a3b00", " stroke-dasharray=\"6 4\"", 2.5);
        line(svg, points, max, 2, "#0b4f9e", "", 1);
        line(svg, points, max, 3, "#8a3b00", " stroke-dasharray=\"2 3\"", 1);
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#0b4f9e\">RTO</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#8a3b00\">RPO (dashed)</text>",
                PAD + 5,
                HEIGHT - 10,
                PAD + 60,
                HEIGHT - 10));
        return svg.append("</svg>").toString();
    }

    private static void line(
            StringBuilder svg, List<Point> points, double max, int series, String colour, String dash, double width) {
        StringBuilder path = new StringBuilder();
        int n = points.size();
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            Double v = switch (series) {
                case 0 -> p.rtoSeconds();
                case 1 -> p.rpoSeconds();
                case 2 -> p.rtoObjective();
                default -> p.rpoObjective();
            };
            if (v == null) {
                continue;
            }
            double x = n == 1 ? (PAD + WIDTH) / 2.0 : PAD + 10 + i * (WIDTH - PAD - 30) / (double) (n - 1);
            double y = (HEIGHT - PAD) - v / max * (HEIGHT - PAD - 10);
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            if (series < 2) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s</title></circle>",
                        x,
                        y,
                        colour,
                        escape(p.label()),
                        seconds(v)));
            }
        }
        if (!path.isEmpty()) {
            svg.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"")
                    .append(width)
                    .append('"')
                    .append(dash)
                    .append("/>");
        }
    }

    private static String seconds(double value) {
        return io.day2ops.console.fleet.Words.duration(java.time.Duration.ofMillis((long) (value * 1000)));
    }

    /** Text for inside the SVG: it goes into the page raw. */
    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
