package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The platform's webhook backlogs, counted as the gauges count them; only the operator reads them. */
@ApiTest
class WebhookBacklogsTest extends ApiTestBase {
    @Autowired
    private WebhookBacklogs backlogs;

    @Test
    void the_operator_reads_the_bounded_counts_and_a_tenant_is_refused() {
        WebhookBacklogs.Counts counts = backlogs.counts(Caller.platformAdmin()).value();
        assertThat(counts.bound()).isEqualTo(WebhookMetrics.BOUND);
        assertThat(counts.outboxEvents()).isBetween(0L, (long) WebhookMetrics.BOUND);
        assertThat(counts.pendingDeliveries()).isBetween(0L, (long) WebhookMetrics.BOUND);
        Caller tenant = new Caller(Caller.Type.USER, "ten_x", Environment.SANDBOX, "usr_x", Caller.ALL_PERMISSIONS);
        assertThat(backlogs.counts(tenant).isOk()).isFalse();
        assertThat(backlogs.counts(tenant).rejection().code()).isEqualTo("forbidden");
    }
}
