package io.emboss.dashboard;

import io.emboss.customers.Customer;
import io.emboss.shared.Money;
import io.emboss.wallets.WalletBalance;
import java.time.Instant;

/** What the customer pages show; public records, since the templates read them. */
public final class CustomerPageViews {
    private CustomerPageViews() {
    }

    /** A customer as a list row and as its page's heading: KYC status in the API's words. */
    public record CustomerRow(String id, String name, String email, String phone, String kycStatus,
                              String kycReason, Instant createdAt) {
        static CustomerRow of(Customer c) {
            return new CustomerRow(c.id(), c.name(), c.email(), c.phone(), c.kycStatus().wire(), c.kycReason(),
                    c.createdAt());
        }

        /** A KYC decision is still to be made (the sandbox simulator may make it). */
        public boolean undecided() {
            return kycStatus.equals(Customer.KycStatus.PENDING.wire())
                    || kycStatus.equals(Customer.KycStatus.IN_REVIEW.wire());
        }
    }

    /** One wallet balance of a customer, as {@code GET /v1/customers/{id}/wallets} shows it. */
    public record WalletRow(String currency, String available, String pending) {
        static WalletRow of(WalletBalance b) {
            return new WalletRow(b.currency().name(), Money.format(b.availableMinor(), b.currency()),
                    Money.format(b.pendingMinor(), b.currency()));
        }
    }
}
