package io.emboss.cards;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CardRepository {
    private static final String COLUMNS = "id, tenant_id, env, product_id, customer_id, name, network, form_factor, "
            + "currency, status, status_reason, bin, last4, expiry_month, expiry_year, pin_hash IS NOT NULL, pin_tries, "
            + "limit_per_transaction, limit_daily, limit_monthly, allowed_mccs, blocked_mccs, allowed_countries, "
            + "blocked_countries, shipping_name, shipping_line1, shipping_line2, shipping_city, shipping_state, "
            + "shipping_postal_code, shipping_country, shipping_status, refund_amount, created_at, updated_at, closed_at";

    private final JdbcClient jdbc;
    /**
     * Cards as the decision path read them before a batch, dropped at once by this instance's
     * changes and within about a second by any other instance's ({@link CardChangeFeed} polls the
     * cards changed lately); an entry lives at most {@code emboss.cards.decision-cache} whatever
     * happens. The batch reads every card of it again in one statement ({@link CardReads}), so a
     * change made on another instance decides as soon as it commits.
     */
    private final io.emboss.shared.ExpiringCache<String, Optional<Card>> forDecisions;
    private final io.emboss.shared.ExpiringCache<String, Optional<String>> idsByFingerprint;

    CardRepository(JdbcClient jdbc, java.time.Clock clock,
            @org.springframework.beans.factory.annotation.Value("${emboss.cards.decision-cache:60s}")
            java.time.Duration decisionCache) {
        this.jdbc = jdbc;
        this.forDecisions = new io.emboss.shared.ExpiringCache<>(clock, decisionCache, 100_000);
        this.idsByFingerprint = new io.emboss.shared.ExpiringCache<>(clock, java.time.Duration.ofMinutes(10), 100_000);
    }

    /** A card by id from the decision cache; tenant and environment are the caller's to check. */
    Optional<Card> findForDecision(String id) {
        return forDecisions.get(id, k -> jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE id = ?")
                .param(k).query(CardRepository::map).optional());
    }

    /** Drops cached decision reads of these cards. */
    void forget(List<String> ids) {
        ids.forEach(forDecisions::invalidate);
    }

    /** The cards whose row was written (inserted or changed) after {@code since}. */
    List<String> changedSince(java.time.Instant since) {
        return jdbc.sql("SELECT id FROM cards WHERE updated_at > ?").param(java.sql.Timestamp.from(since))
                .query(String.class).list();
    }

    /** A PAN's card: fingerprint to id never changes (a card keeps its number), so it is kept longer. */
    Optional<Card> byFingerprintForDecision(String fingerprint) {
        Optional<String> id = idsByFingerprint.get(fingerprint, k -> byFingerprint(k).map(Card::id));
        if (id.isEmpty()) {
            idsByFingerprint.invalidate(fingerprint); // a card issued later must be found
        }
        return id.flatMap(this::findForDecision);
    }

    /** Many cards by id, unlocked, in one statement. */
    List<Card> findAll(List<String> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE id = ANY(?)")
                .param(ids.toArray(new String[0])).query(CardRepository::map).list();
    }

    /** Many cards by id or by PAN fingerprint, unlocked, in one statement; a card is found by either. */
    List<Card> findAllByIdOrFingerprint(List<String> keys) {
        String[] k = keys.toArray(new String[0]);
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE id = ANY(?) OR pan_fingerprint = ANY(?)")
                .params(k, k).query(CardRepository::map).list();
    }

    /** The PAN fingerprints of these cards: id to fingerprint. */
    java.util.Map<String, String> fingerprints(List<String> ids) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        jdbc.sql("SELECT id, pan_fingerprint FROM cards WHERE id = ANY(?)").param(ids.toArray(new String[0]))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    /** False when the PAN fingerprint is taken (a collision: the caller draws another number). */
    boolean insert(Card c, String panSealed, String panFingerprint) {
        Card.Shipping s = c.shipping();
        return jdbc.sql("INSERT INTO cards (id, tenant_id, env, product_id, customer_id, name, network, form_factor, "
                        + "currency, status, status_reason, pan_sealed, pan_fingerprint, bin, last4, expiry_month, "
                        + "expiry_year, limit_per_transaction, limit_daily, limit_monthly, allowed_mccs, blocked_mccs, "
                        + "allowed_countries, blocked_countries, shipping_name, shipping_line1, shipping_line2, "
                        + "shipping_city, shipping_state, shipping_postal_code, shipping_country, shipping_status, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(c.id(), c.tenantId(), c.environment(), c.productId(), c.customerId(), c.name(),
                        c.network().name(), c.formFactor().name(), c.currency().name(), c.status().wire(),
                        c.statusReason(), panSealed, panFingerprint, c.bin(), c.last4(), c.expiryMonth(),
                        c.expiryYear(), c.limits().perTransactionMinor(), c.limits().dailyMinor(),
                        c.limits().monthlyMinor(), csv(c.controls().allowedMccs()), csv(c.controls().blockedMccs()),
                        csv(c.controls().allowedCountries()), csv(c.controls().blockedCountries()),
                        s == null ? null : s.name(), s == null ? null : s.line1(), s == null ? null : s.line2(),
                        s == null ? null : s.city(), s == null ? null : s.state(), s == null ? null : s.postalCode(),
                        s == null ? null : s.country(), s == null ? null : s.status(), Timestamp.from(c.createdAt()),
                        Timestamp.from(c.updatedAt()))
                .update() == 1;
    }

    /** Writes the mutable parts of a card (never its number). */
    void update(Card c) {
        forDecisions.invalidate(c.id());
        jdbc.sql("UPDATE cards SET customer_id = ?, name = ?, status = ?, status_reason = ?, limit_per_transaction = ?, "
                        + "limit_daily = ?, limit_monthly = ?, allowed_mccs = ?, blocked_mccs = ?, allowed_countries = ?, "
                        + "blocked_countries = ?, shipping_status = ?, refund_amount = ?, updated_at = ?, closed_at = ? "
                        + "WHERE id = ?")
                .params(c.customerId(), c.name(), c.status().wire(), c.statusReason(), c.limits().perTransactionMinor(),
                        c.limits().dailyMinor(), c.limits().monthlyMinor(), csv(c.controls().allowedMccs()),
                        csv(c.controls().blockedMccs()), csv(c.controls().allowedCountries()),
                        csv(c.controls().blockedCountries()), c.shipping() == null ? null : c.shipping().status(),
                        c.refundAmountMinor(), Timestamp.from(c.updatedAt()),
                        c.closedAt() == null ? null : Timestamp.from(c.closedAt()), c.id())
                .update();
    }

    void setPin(String id, String pinHash, Instant now) {
        jdbc.sql("UPDATE cards SET pin_hash = ?, pin_tries = 0, updated_at = ? WHERE id = ?")
                .params(pinHash, Timestamp.from(now), id).update();
    }

    Optional<String> pinHash(String id) {
        return jdbc.sql("SELECT pin_hash FROM cards WHERE id = ?").param(id).query(String.class).optional();
    }

    /** The PIN hash and wrong tries, locking the card row so tries are counted exactly. */
    Optional<Object[]> lockPin(String id) {
        return jdbc.sql("SELECT pin_hash, pin_tries FROM cards WHERE id = ? FOR UPDATE").param(id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)}).optional();
    }

    void setPinTries(String id, int tries) {
        jdbc.sql("UPDATE cards SET pin_tries = ? WHERE id = ?").params(tries, id).update();
    }

    Optional<String> sealedPan(String id) {
        return jdbc.sql("SELECT pan_sealed FROM cards WHERE id = ?").param(id).query(String.class).optional();
    }

    /**
     * By id alone, the tenant and environment checked on the row: with them in the WHERE clause a
     * plan made while the table was nearly empty kept using the (tenant, env, …) indexes and read
     * every card of the tenant on each authorization (benchmark: 7.7 M index reads for 24 k lookups).
     */
    Optional<Card> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE id = ?")
                .param(id).query(CardRepository::map).optional().filter(c -> owns(c, tenantId, env));
    }

    /** Locks by id like {@link #find}; another tenant's row is locked only until its transaction ends. */
    Optional<Card> lock(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE id = ? FOR UPDATE")
                .param(id).query(CardRepository::map).optional().filter(c -> owns(c, tenantId, env));
    }

    /** Locks many cards by id, in id order, in one statement (a pipeline batch's cards). */
    List<Card> lockAll(List<String> sortedIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE id = ANY(?) ORDER BY id FOR UPDATE")
                .param(sortedIds.toArray(new String[0])).query(CardRepository::map).list();
    }

    private static boolean owns(Card c, String tenantId, String env) {
        return c.tenantId().equals(tenantId) && c.environment().equals(env);
    }

    Optional<Card> byFingerprint(String fingerprint) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE pan_fingerprint = ?")
                .param(fingerprint).query(CardRepository::map).optional();
    }

    long countByProduct(String tenantId, String env, String productId) {
        return jdbc.sql("SELECT COUNT(*) FROM cards WHERE tenant_id = ? AND env = ? AND product_id = ?")
                .params(tenantId, env, productId).query(Long.class).single();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM cards WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    List<Card> page(String tenantId, String env, String customerId, String status, String productId, int limit,
            Long before) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cards WHERE tenant_id = ? AND env = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, env));
        if (customerId != null) {
            sql.append(" AND customer_id = ?");
            params.add(customerId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (productId != null) {
            sql.append(" AND product_id = ?");
            params.add(productId);
        }
        if (before != null) {
            sql.append(" AND seq < ?");
            params.add(before);
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(CardRepository::map).list();
    }

    private static String csv(List<String> values) {
        return String.join(",", values);
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static Card map(ResultSet rs, int n) throws SQLException {
        String shippingStatus = rs.getString(32);
        Card.Shipping shipping = shippingStatus == null ? null : new Card.Shipping(rs.getString(25), rs.getString(26),
                rs.getString(27), rs.getString(28), rs.getString(29), rs.getString(30), rs.getString(31),
                shippingStatus);
        Timestamp closed = rs.getTimestamp(36);
        return new Card(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), CardProduct.Network.valueOf(rs.getString(7)),
                CardProduct.FormFactor.valueOf(rs.getString(8)), Currency.valueOf(rs.getString(9)),
                Card.Status.valueOf(rs.getString(10).toUpperCase(java.util.Locale.ROOT)), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getInt(14), rs.getInt(15), rs.getBoolean(16), rs.getInt(17),
                new CardProduct.Limits(rs.getLong(18), rs.getLong(19), rs.getLong(20)),
                new Card.Controls(list(rs.getString(21)), list(rs.getString(22)), list(rs.getString(23)),
                        list(rs.getString(24))),
                shipping, (Long) rs.getObject(33), rs.getTimestamp(34).toInstant(), rs.getTimestamp(35).toInstant(),
                closed == null ? null : closed.toInstant());
    }
}
