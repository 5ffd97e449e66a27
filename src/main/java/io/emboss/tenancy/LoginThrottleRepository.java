package io.emboss.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The failed-login rows of {@link LoginThrottle}, one per account or address. */
@Repository
class LoginThrottleRepository {
    private final JdbcClient jdbc;

    LoginThrottleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FailedLogins> find(String subject) {
        return jdbc.sql("SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE subject = ?")
                .param(subject).query(LoginThrottleRepository::map).optional();
    }

    /** The row of a subject, locked until the transaction ends (made first if there is none). */
    FailedLogins lock(String subject) {
        jdbc.sql("INSERT INTO login_throttle (subject, failures) VALUES (?, 0) ON CONFLICT DO NOTHING")
                .param(subject).update();
        return jdbc.sql("SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE subject = ? "
                        + "FOR UPDATE")
                .param(subject).query(LoginThrottleRepository::map).single();
    }

    void save(String subject, FailedLogins state) {
        jdbc.sql("UPDATE login_throttle SET failures = ?, last_failure_at = ?, locked_until = ? WHERE subject = ?")
                .params(state.failures(), timestamp(state.lastFailureAt()), timestamp(state.lockedUntil()), subject)
                .update();
    }

    boolean delete(String subject) {
        return jdbc.sql("DELETE FROM login_throttle WHERE subject = ?").param(subject).update() > 0;
    }

    /** Rows whose last failure is older than {@code forgottenBefore} and that hold no lock now. */
    int purge(Instant forgottenBefore, Instant now) {
        return jdbc.sql("DELETE FROM login_throttle WHERE (last_failure_at IS NULL OR last_failure_at < ?) "
                        + "AND (locked_until IS NULL OR locked_until < ?)")
                .params(Timestamp.from(forgottenBefore), Timestamp.from(now)).update();
    }

    private static FailedLogins map(ResultSet rs, int n) throws SQLException {
        return new FailedLogins(rs.getInt(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
