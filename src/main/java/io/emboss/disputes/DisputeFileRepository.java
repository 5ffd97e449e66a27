package io.emboss.disputes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A dispute's evidence files: their descriptions, and their bytes read one file at a time to download it. */
@Repository
class DisputeFileRepository {
    private static final String COLUMNS = "id, dispute_id, file_name, content_type, size_bytes, sha256, created_at";

    private final JdbcClient jdbc;

    DisputeFileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(DisputeFile f, byte[] content) {
        jdbc.sql("INSERT INTO dispute_files (" + COLUMNS + ", content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(f.id(), f.disputeId(), f.fileName(), f.contentType(), f.size(), f.sha256(),
                        Timestamp.from(f.createdAt()), content)
                .update();
    }

    int count(String disputeId) {
        return jdbc.sql("SELECT COUNT(*) FROM dispute_files WHERE dispute_id = ?").param(disputeId)
                .query(Integer.class).single();
    }

    /** The dispute's files, oldest first (at most the per-dispute limit, so never paged). */
    List<DisputeFile> all(String disputeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dispute_files WHERE dispute_id = ? ORDER BY seq")
                .param(disputeId).query(DisputeFileRepository::map).list();
    }

    Optional<DisputeFile> find(String disputeId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dispute_files WHERE dispute_id = ? AND id = ?")
                .params(disputeId, id).query(DisputeFileRepository::map).optional();
    }

    Optional<byte[]> content(String disputeId, String id) {
        return jdbc.sql("SELECT content FROM dispute_files WHERE dispute_id = ? AND id = ?")
                .params(disputeId, id).query((rs, n) -> rs.getBytes(1)).optional();
    }

    private static DisputeFile map(ResultSet rs, int n) throws SQLException {
        return new DisputeFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
