package io.emboss.cards;

import io.emboss.shared.Currency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CardProductRepository {
    private static final String COLUMNS = "id, tenant_id, env, name, network, form_factor, currency, bin, issuance_fee, "
            + "topup_fee_fixed, topup_fee_percent, min_topup, min_balance, max_balance, limit_per_transaction, "
            + "limit_daily, limit_monthly, validity_months, settlement_mode, is_default, three_ds_threshold, created_at, "
            + "updated_at, provisional_credit, interchange_share_percent";
    private final JdbcClient jdbc;

    CardProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(CardProduct p) {
        jdbc.sql("INSERT INTO card_products (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values(p)).update();
    }

    void update(CardProduct p) {
        List<Object> v = new ArrayList<>(values(p).subList(3, 21));
        v.add(Timestamp.from(p.updatedAt()));
        v.add(p.backOffice().provisionalCredit());
        v.add(p.backOffice().interchangeSharePercent());
        v.add(p.id());
        jdbc.sql("UPDATE card_products SET name = ?, network = ?, form_factor = ?, currency = ?, bin = ?, "
                        + "issuance_fee = ?, topup_fee_fixed = ?, topup_fee_percent = ?, min_topup = ?, min_balance = ?, "
                        + "max_balance = ?, limit_per_transaction = ?, limit_daily = ?, limit_monthly = ?, "
                        + "validity_months = ?, settlement_mode = ?, is_default = ?, three_ds_threshold = ?, updated_at = ?, "
                        + "provisional_credit = ?, interchange_share_percent = ? WHERE id = ?")
                .params(v).update();
    }

    private static List<Object> values(CardProduct p) {
        List<Object> v = new ArrayList<>();
        v.add(p.id());
        v.add(p.tenantId());
        v.add(p.environment());
        v.add(p.name());
        v.add(p.network().name());
        v.add(p.formFactor().name());
        v.add(p.currency().name());
        v.add(p.bin());
        v.add(p.issuanceFeeMinor());
        v.add(p.topupFeeFixedMinor());
        v.add(p.topupFeePercent());
        v.add(p.minTopupMinor());
        v.add(p.minBalanceMinor());
        v.add(p.maxBalanceMinor());
        v.add(p.limits().perTransactionMinor());
        v.add(p.limits().dailyMinor());
        v.add(p.limits().monthlyMinor());
        v.add(p.validityMonths());
        v.add(p.settlementMode().wire());
        v.add(p.isDefault());
        v.add(p.threeDsThresholdMinor());
        v.add(Timestamp.from(p.createdAt()));
        v.add(Timestamp.from(p.updatedAt()));
        v.add(p.backOffice().provisionalCredit());
        v.add(p.backOffice().interchangeSharePercent());
        return v;
    }

    Optional<CardProduct> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM card_products WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(CardProductRepository::map).optional();
    }

    Optional<CardProduct> findDefault(String tenantId, String env, String currency, String formFactor) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM card_products WHERE tenant_id = ? AND env = ? AND currency = ? "
                        + "AND form_factor = ? ORDER BY is_default DESC, seq FETCH FIRST 1 ROWS ONLY")
                .params(tenantId, env, currency, formFactor).query(CardProductRepository::map).optional();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM card_products WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    List<CardProduct> page(String tenantId, String env, int limit, Long before) {
        String cursor = before == null ? "" : " AND seq < " + before.longValue();
        return jdbc.sql("SELECT " + COLUMNS + " FROM card_products WHERE tenant_id = ? AND env = ?" + cursor
                        + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                .params(tenantId, env, limit + 1).query(CardProductRepository::map).list();
    }

    private static CardProduct map(ResultSet rs, int n) throws SQLException {
        return new CardProduct(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                CardProduct.Network.valueOf(rs.getString(5)), CardProduct.FormFactor.valueOf(rs.getString(6)),
                Currency.valueOf(rs.getString(7)), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                rs.getLong(12), rs.getLong(13), rs.getLong(14),
                new CardProduct.Limits(rs.getLong(15), rs.getLong(16), rs.getLong(17)), rs.getInt(18),
                CardProduct.SettlementMode.valueOf(rs.getString(19).toUpperCase(java.util.Locale.ROOT)),
                rs.getBoolean(20), (Long) rs.getObject(21), rs.getTimestamp(22).toInstant(),
                rs.getTimestamp(23).toInstant(), new CardProduct.BackOffice(rs.getBoolean(24), rs.getInt(25)));
    }
}
