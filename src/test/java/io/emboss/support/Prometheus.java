package io.emboss.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a series of the server's {@code /actuator/prometheus} page (public, as an operator's scraper reads it). */
public final class Prometheus {
    private Prometheus() {
    }

    /** The page as the server shows it now. */
    public static String scrape(Api api) {
        Api.Resp r = api.get("/actuator/prometheus", null);
        assertThat(r.status()).as("GET /actuator/prometheus").isEqualTo(200);
        return r.raw().body();
    }

    /**
     * The value of a series summed over its label sets ({@code emboss_pipeline_batch_size_count}),
     * 0 when the page has no such series yet.
     */
    public static double value(String page, String series, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(series) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(page);
        double total = 0;
        while (m.find()) {
            if (hasLabels(m.group(1), labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    /** {@code labels} as name, value pairs: each must be on the line's label set. */
    private static boolean hasLabels(String set, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (set == null || !set.matches(".*[{,]" + Pattern.quote(labels[i]) + "=\"" + Pattern.quote(labels[i + 1])
                    + "\"[,}].*")) {
                return false;
            }
        }
        return true;
    }

    /** How much a counter-like series grew between two pages (over the label sets that carry {@code labels}). */
    public static long delta(String before, String after, String series, String... labels) {
        return Math.round(value(after, series, labels) - value(before, series, labels));
    }
}
