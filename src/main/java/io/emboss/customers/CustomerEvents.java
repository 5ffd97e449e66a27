package io.emboss.customers;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to a customer; published in the transaction of the change. */
public final class CustomerEvents {
    private CustomerEvents() {
    }

    /** Shared parts of every customer event. */
    interface AboutCustomer extends BusinessEvent {
        Customer customer();

        @Override
        default String tenantId() {
            return customer().tenantId();
        }

        @Override
        default Environment environment() {
            return Environment.fromWire(customer().environment());
        }

        @Override
        default Object snapshot() {
            return CustomerView.of(customer());
        }
    }

    public record Created(Customer customer) implements AboutCustomer {
        @Override
        public String type() {
            return "customer.created";
        }
    }

    public record Updated(Customer customer) implements AboutCustomer {
        @Override
        public String type() {
            return "customer.updated";
        }
    }

    public record KycUpdated(Customer customer, String actor) implements AboutCustomer {
        @Override
        public String type() {
            return "customer.kyc_updated";
        }
    }
}
