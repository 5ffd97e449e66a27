package io.emboss.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.EmbossProcess;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the node applying a clearing file, halfway: another node of the same database takes
 * the file where the killed one's last committed chunk left it, and every record is applied exactly
 * once (the killed chunk rolled back whole). This test's own node does not apply files (its worker
 * ticks once, at start), so the file is the other nodes' to apply.
 */
@TestPropertySource(properties = "emboss.clearing.poll-ms=3600000")
class ClearingCrashTest extends ClearingTestBase {
    private static final int RECORDS = 12_000;
    private static final int CARDS = 6;

    @Autowired
    private Environment environment;

    @Test
    void a_file_half_applied_by_a_killed_node_is_finished_by_another_exactly_once() throws Exception {
        Holder h = newHolder();
        String[] cards = new String[CARDS];
        for (int i = 0; i < CARDS; i++) {
            cards[i] = fundedCard(h, "100.00");
        }
        Csv csv = new Csv();
        for (int i = 0; i < RECORDS; i++) {
            csv.record("crash-" + i, "visa", "presentment", cards[i % CARDS], null, null, "0.01", "0.00");
        }
        Api.Resp uploaded = upload(csv.toString(), LocalDate.of(2026, 11, 9));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        String path = "/v1/platform/clearing-files/" + uploaded.text("id");

        long processedAtKill;
        try (EmbossProcess doomed = EmbossProcess.start(environment)) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> processed(path) >= RECORDS / 6);
            doomed.kill();
            processedAtKill = processed(path);
        }
        assertThat(processedAtKill).as("killed halfway").isLessThan(RECORDS);
        Thread.sleep(1000);
        assertThat(api.get(path, ADMIN).text("status")).isEqualTo("processing");

        try (EmbossProcess survivor = EmbossProcess.start(environment)) {
            JsonNode file = completed(path, ADMIN);
            assertThat(outcomes(file)).containsExactlyEntriesOf(Map.of("forcePosted", (long) RECORDS));
        }
        String each = new java.math.BigDecimal("100.00").subtract(new java.math.BigDecimal(RECORDS / CARDS)
                .movePointLeft(2)).toPlainString();
        for (String card : cards) {
            assertBalance(h.key(), card, each, "0.00", each);
        }
        JsonNode report = api.get("/v1/settlement-reports?date=2026-11-09", h.key()).data().get("items").get(0);
        assertThat(report.get("presentments").get("count").asLong()).isEqualTo(RECORDS);
        assertLedgerBalanced();
    }

    private long processed(String path) {
        return api.get(path, ADMIN).data().get("progress").get("recordsProcessed").asLong();
    }
}
