package io.emboss.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart drawn as SVG by the page itself (no script, no third-party library): per label, two
 * stacked bars (approved over declined) scaled to the largest total, with the axis's top value.
 */
public record BarChart(List<Bar> bars, long max, int width, int height) {
    static final int HEIGHT = 160;
    static final int BAR_WIDTH = 36;
    static final int GAP = 14;

    /** One label's bars in SVG coordinates, with the figures a screen reader is told. */
    public record Bar(String label, long approved, long declined, int x, int approvedY, int approvedHeight, int declinedY,
               int declinedHeight) {
        public String title() {
            return label + ": " + approved + " approved, " + declined + " declined";
        }
    }

    /** A point of the chart: its label and how many were approved and declined. */
    public record Point(String label, long approved, long declined) {
        public Point {
            if (approved < 0 || declined < 0) {
                throw new IllegalArgumentException("a count is never negative");
            }
        }
    }

    static BarChart of(List<Point> points) {
        long max = Math.max(1, points.stream().mapToLong(p -> p.approved() + p.declined()).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        int x = GAP;
        for (Point p : points) {
            int approvedHeight = (int) (p.approved() * HEIGHT / max);
            int declinedHeight = (int) (p.declined() * HEIGHT / max);
            int approvedY = HEIGHT - approvedHeight;
            bars.add(new Bar(p.label(), p.approved(), p.declined(), x, approvedY, approvedHeight,
                    approvedY - declinedHeight, declinedHeight));
            x += BAR_WIDTH + GAP;
        }
        return new BarChart(bars, max, x, HEIGHT);
    }
}
