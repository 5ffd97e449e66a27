package io.emboss.customers;

/** What happened to a customer; published in the transaction of the change. */
public final class CustomerEvents {
    private CustomerEvents() {
    }

    public record Created(Customer customer) {
    }

    public record Updated(Customer customer) {
    }

    public record KycUpdated(Customer customer, String actor) {
    }
}
