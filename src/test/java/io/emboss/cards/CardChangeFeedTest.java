package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.PostgresSchema;
import io.emboss.support.ApiTestBase.TenantKeys;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Issue 13: the decision path's card cache lives a minute, and a change another instance makes
 * reaches it within about a second through {@link CardChangeFeed}. "Another instance" is played by
 * a direct UPDATE of the card's row in this test's own schema: nothing on this instance knows of it,
 * so only the feed can drop the cached card.
 */
class CardChangeFeedTest extends CardTestBase {
    @Autowired
    private CardRepository repository;

    @Value("${emboss.test.schema}")
    private String schema;

    @Test
    void a_change_written_elsewhere_reaches_the_decision_cache_through_the_feed() throws Exception {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "20.00");
        String id = issue(t.sandboxKey(), "customerId", customer, "productId",
                defaultProduct(t.sandboxKey(), "VIRTUAL")).get("id").asString();
        assertThat(repository.findForDecision(id).orElseThrow().status()).isEqualTo(Card.Status.ACTIVE);

        // written as another instance would write it, with that instance's clock a little behind
        elsewhere("UPDATE cards SET status = 'frozen', updated_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minusSeconds(2)), id);

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (repository.findForDecision(id).orElseThrow().status() != Card.Status.FROZEN) {
            assertThat(System.nanoTime()).as("the cached card was never dropped").isLessThan(deadline);
            Thread.sleep(50);
        }
        // what the feed polls is bounded by the window: a row written long ago is not read again
        assertThat(repository.changedSince(Instant.now().minusSeconds(15))).contains(id);
        elsewhere("UPDATE cards SET updated_at = ? WHERE id = ?", Timestamp.from(Instant.now().minusSeconds(60)), id);
        assertThat(repository.changedSince(Instant.now().minusSeconds(15))).doesNotContain(id);
    }

    private void elsewhere(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresSchema.urlFor(schema), PostgresSchema.user(),
                PostgresSchema.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
