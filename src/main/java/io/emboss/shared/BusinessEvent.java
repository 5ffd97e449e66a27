package io.emboss.shared;

/**
 * A state change of a business object, published by the module that made it, inside the
 * transaction that made it. The events module stores it (the outbox) and delivers it to webhooks.
 * The snapshot is the object as the API shows it, and must never hold a PAN, CVV, PIN or secret.
 */
public interface BusinessEvent {

    /** {@code resource.action}, e.g. {@code customer.created}. */
    String type();

    String tenantId();

    Environment environment();

    /** The object after the change, in its API shape. */
    Object snapshot();
}
