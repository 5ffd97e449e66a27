package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** ShedLock's table as the operator reads it: held and lapsed locks, the hosts seen lately; only the operator. */
@ApiTest
class JobLocksTest extends ApiTestBase {
    @Autowired
    private JobLocks jobLocks;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void held_and_lapsed_locks_and_the_hosts_that_took_one_lately() {
        String held = "test-held-" + Ids.random(6).toLowerCase();
        String old = "test-old-" + Ids.random(6).toLowerCase();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        insert(held, now.plusMinutes(1), now, "host-a-" + held);
        insert(old, now.minusHours(1), now.minusHours(1), "host-b-" + old);
        try {
            JobLocks.Status status = jobLocks.status(Caller.platformAdmin()).value();
            JobLocks.JobLock a = status.locks().stream().filter(l -> l.name().equals(held)).findFirst().orElseThrow();
            JobLocks.JobLock b = status.locks().stream().filter(l -> l.name().equals(old)).findFirst().orElseThrow();
            assertThat(a.held()).isTrue();
            assertThat(a.lockedBy()).isEqualTo("host-a-" + held);
            assertThat(b.held()).isFalse();
            assertThat(status.recentHosts()).contains("host-a-" + held).doesNotContain("host-b-" + old);
            Caller tenant = new Caller(Caller.Type.API_KEY, "ten_x", Environment.SANDBOX, "key_x", Caller.ALL_PERMISSIONS);
            assertThat(jobLocks.status(tenant).isOk()).isFalse();
        } finally {
            jdbc.sql("DELETE FROM shedlock WHERE name IN (?, ?)").params(held, old).update();
        }
    }

    private void insert(String name, LocalDateTime until, LocalDateTime at, String by) {
        jdbc.sql("INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (?, ?, ?, ?)")
                .params(name, Timestamp.valueOf(until), Timestamp.valueOf(at), by).update();
    }
}
