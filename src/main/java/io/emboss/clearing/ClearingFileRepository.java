package io.emboss.clearing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A clearing file and its records (staged, then with their outcomes) and the record ids applied. */
@Repository
class ClearingFileRepository {
    private static final String FILE_COLUMNS = "id, tenant_id, env, file_name, content_sha256, settlement_date, status, "
            + "records_total, records_processed, matched, over_cleared, under_cleared, further_captures, force_posted, "
            + "released, refunded, chargebacks, duplicates, rejected, created_at, completed_at";
    private static final String RAW_COLUMNS = "record_id, network, record_type, card_ref, network_reference, auth_code, "
            + "transaction_amount, transaction_currency, settlement_amount, settlement_currency, interchange_fee, "
            + "merchant_name, mcc, merchant_country, transaction_date";
    /** Each raw column's width: a longer field rejects its record at staging. */
    static final int[] WIDTHS = {80, 20, 30, 80, 80, 20, 40, 10, 40, 10, 40, 200, 10, 10, 40};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ClearingFileRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    void insert(ClearingFile f) {
        jdbc.sql("INSERT INTO clearing_files (id, tenant_id, env, file_name, sender, content_sha256, settlement_date, "
                        + "status, records_total, records_processed, rejected, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(f.id(), f.tenantId(), f.environment(), f.fileName(), sender(f.tenantId(), f.environment()),
                        f.contentSha256(), f.settlementDate(),
                        f.status().wire(), f.recordsTotal(), f.recordsProcessed(), f.counts().rejected(),
                        Timestamp.from(f.createdAt()))
                .update();
    }

    /** The file with these bytes from the same sender, if it was ingested before. */
    Optional<ClearingFile> findByContent(String tenantId, String env, String sha256) {
        return jdbc.sql("SELECT " + FILE_COLUMNS + " FROM clearing_files WHERE sender = ? AND content_sha256 = ?")
                .params(sender(tenantId, env), sha256)
                .query(ClearingFileRepository::mapFile).optional();
    }

    private static String sender(String tenantId, String env) {
        return tenantId == null ? "platform" : tenantId + "|" + env;
    }

    Optional<ClearingFile> find(String id) {
        return jdbc.sql("SELECT " + FILE_COLUMNS + " FROM clearing_files WHERE id = ?").param(id)
                .query(ClearingFileRepository::mapFile).optional();
    }

    /** Files newest first; {@code tenantId} null lists every file (the operator's view). */
    List<ClearingFile> page(String tenantId, String env, int limit, Long beforeSeq) {
        StringBuilder sql = new StringBuilder("SELECT " + FILE_COLUMNS + " FROM clearing_files WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (tenantId != null) {
            sql.append(" AND tenant_id = ? AND env = ?");
            params.add(tenantId);
            params.add(env);
        }
        if (beforeSeq != null) {
            sql.append(" AND seq < ?");
            params.add(beforeSeq);
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(ClearingFileRepository::mapFile).list();
    }

    Optional<Long> seqOf(String id) {
        return jdbc.sql("SELECT seq FROM clearing_files WHERE id = ?").param(id).query(Long.class).optional();
    }

    /** Files whose records are still being applied, oldest first. */
    List<String> processing(int limit) {
        return jdbc.sql("SELECT id FROM clearing_files WHERE status = 'processing' ORDER BY seq FETCH FIRST ? ROWS ONLY")
                .param(limit).query(String.class).list();
    }

    /** Locks a processing file for one chunk; empty when another instance holds it or it is done. */
    Optional<ClearingFile> lockProcessing(String id) {
        return jdbc.sql("SELECT " + FILE_COLUMNS + " FROM clearing_files WHERE id = ? AND status = 'processing' "
                        + "FOR UPDATE SKIP LOCKED")
                .param(id).query(ClearingFileRepository::mapFile).optional();
    }

    void progress(String id, long processed, ClearingFile.Counts c) {
        jdbc.sql("UPDATE clearing_files SET records_processed = ?, matched = ?, over_cleared = ?, under_cleared = ?, "
                        + "further_captures = ?, force_posted = ?, released = ?, refunded = ?, chargebacks = ?, "
                        + "duplicates = ?, rejected = ? WHERE id = ?")
                .params(processed, c.matched(), c.overCleared(), c.underCleared(), c.furtherCaptures(), c.forcePosted(),
                        c.released(), c.refunded(), c.chargebacks(), c.duplicates(), c.rejected(), id)
                .update();
    }

    void complete(String id, long total, Instant at) {
        jdbc.sql("UPDATE clearing_files SET status = 'completed', records_total = ?, completed_at = ? WHERE id = ?")
                .params(total, Timestamp.from(at), id).update();
    }

    void total(String id, long total, long rejectedAtStaging) {
        jdbc.sql("UPDATE clearing_files SET records_total = ?, records_processed = ?, rejected = ? WHERE id = ?")
                .params(total, rejectedAtStaging, rejectedAtStaging, id).update();
    }

    /** One JDBC batch of staged records: raw fields, or a rejection when the line is no record. */
    void stage(String fileId, List<Staged> records) {
        if (records.isEmpty()) {
            return;
        }
        template.batchUpdate("INSERT INTO clearing_records (file_id, line, " + RAW_COLUMNS + ", state, outcome, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records.stream().map(r -> {
                    Object[] row = new Object[20];
                    row[0] = fileId;
                    row[1] = r.line();
                    for (int i = 0; i < 15; i++) {
                        row[2 + i] = r.fields() == null ? null : r.fields().get(i);
                    }
                    if (r.fields() == null && r.recordId() != null) {
                        row[2] = r.recordId();
                    }
                    row[17] = r.rejection() == null ? "staged" : "done";
                    row[18] = r.rejection() == null ? null : ClearingFile.RecordOutcome.REJECTED.wire();
                    row[19] = r.rejection();
                    return row;
                }).toList());
    }

    /** A staged line: its fields, or (fields null) why it is no record. */
    record Staged(long line, List<String> fields, String recordId, String rejection) {
    }

    /** The next staged records of the file in line order. */
    List<Staged> staged(String fileId, int limit) {
        return jdbc.sql("SELECT line, " + RAW_COLUMNS + " FROM clearing_records WHERE file_id = ? AND state = 'staged' "
                        + "ORDER BY line FETCH FIRST ? ROWS ONLY")
                .params(fileId, limit).query((rs, n) -> {
                    List<String> fields = new ArrayList<>(15);
                    for (int i = 0; i < 15; i++) {
                        String v = rs.getString(2 + i);
                        fields.add(v == null ? "" : v);
                    }
                    return new Staged(rs.getLong(1), fields, fields.get(0), null);
                }).list();
    }

    /** Writes a chunk's outcomes in one JDBC batch; raw fields of a rejected record are not kept beyond the id. */
    void saveOutcomes(String fileId, List<Applied> applied) {
        template.batchUpdate("UPDATE clearing_records SET state = 'done', outcome = ?, reason = ?, tenant_id = ?, "
                + "env = ?, card_id = ?, currency = ?, transaction_id = ?, dispute_id = ?, amount_minor = ?, "
                + "difference_minor = ?, interchange_minor = ?, tenant_share_minor = ? WHERE file_id = ? AND line = ?",
                applied.stream().map(a -> new Object[] {a.outcome().wire(), a.reason(), a.tenantId(), a.env(),
                    a.cardId(), a.currency(), a.transactionId(), a.disputeId(), a.amountMinor(), a.differenceMinor(),
                    a.interchangeMinor(), a.tenantShareMinor(), fileId, a.line()}).toList());
    }

    /** A record's outcome as a chunk decided it. */
    record Applied(long line, ClearingFile.RecordOutcome outcome, String reason, String tenantId, String env,
                   String cardId, String currency, String transactionId, String disputeId, Long amountMinor,
                   Long differenceMinor, Long interchangeMinor, Long tenantShareMinor) {
        static Applied refused(long line, ClearingFile.RecordOutcome outcome, String reason) {
            return new Applied(line, outcome, reason, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** The file and line that first applied each of these record keys ("network|recordId"). */
    Map<String, String> appliedKeys(List<String> networks, List<String> recordIds) {
        Map<String, String> found = new HashMap<>();
        if (recordIds.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT network, record_id, file_id, line FROM clearing_record_keys WHERE record_id = ANY(?)")
                .param(recordIds.toArray(new String[0])).query(rs -> {
                    String key = rs.getString(1) + "|" + rs.getString(2);
                    if (networks.contains(rs.getString(1))) {
                        found.put(key, rs.getString(3) + " line " + rs.getLong(4));
                    }
                });
        return found;
    }

    /** Remembers applied records by key: rows of network, record id, file id, line. */
    void addKeys(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            template.batchUpdate("INSERT INTO clearing_record_keys (network, record_id, file_id, line) "
                    + "VALUES (?, ?, ?, ?)", rows);
        }
    }

    /** The file's records after {@code afterLine}, in line order, optionally of one outcome. */
    List<ClearingFile.Record> records(String fileId, String outcome, long afterLine, int limit) {
        return jdbc.sql("SELECT line, record_id, record_type, network, outcome, reason, card_id, transaction_id, "
                        + "dispute_id, currency, amount_minor, difference_minor, interchange_minor FROM clearing_records "
                        + "WHERE file_id = ? AND state = 'done' AND (CAST(? AS VARCHAR(20)) IS NULL OR outcome = ?) "
                        + "AND line > ? ORDER BY line FETCH FIRST ? ROWS ONLY")
                .params(fileId, outcome, outcome, afterLine, limit + 1)
                .query((rs, n) -> new ClearingFile.Record(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), ClearingFile.RecordOutcome.fromWire(rs.getString(5)), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        (Long) rs.getObject(11), (Long) rs.getObject(12), (Long) rs.getObject(13)))
                .list();
    }

    /** What the file's applied records moved, per tenant, environment, network and currency. */
    record Totals(String tenantId, String env, String network, String currency, long presentments, long grossMinor,
                  long reversals, long reversalsMinor, long chargebacks, long chargebacksMinor, long interchangeMinor,
                  long tenantShareMinor) {
    }

    List<Totals> totals(String fileId) {
        return jdbc.sql("""
                SELECT tenant_id, env, LOWER(network), currency,
                  SUM(CASE WHEN LOWER(record_type) = 'presentment' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN LOWER(record_type) = 'presentment' THEN amount_minor ELSE 0 END),
                  SUM(CASE WHEN LOWER(record_type) = 'reversal' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN outcome = 'refunded' THEN amount_minor ELSE 0 END),
                  SUM(CASE WHEN outcome = 'dispute_won' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN outcome = 'dispute_won' THEN amount_minor ELSE 0 END),
                  SUM(COALESCE(interchange_minor, 0)), SUM(COALESCE(tenant_share_minor, 0))
                FROM clearing_records WHERE file_id = ? AND state = 'done' AND outcome NOT IN ('rejected', 'duplicate')
                GROUP BY tenant_id, env, LOWER(network), currency ORDER BY 1, 2, 3, 4""")
                .param(fileId)
                .query((rs, n) -> new Totals(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12)))
                .list();
    }

    private static ClearingFile mapFile(ResultSet rs, int n) throws SQLException {
        Timestamp completed = rs.getTimestamp(21);
        return new ClearingFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), ClearingFile.Status.valueOf(rs.getString(7).toUpperCase(
                        java.util.Locale.ROOT)), rs.getLong(8), rs.getLong(9),
                new ClearingFile.Counts(rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
                        rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(19)),
                rs.getTimestamp(20).toInstant(), completed == null ? null : completed.toInstant());
    }
}
