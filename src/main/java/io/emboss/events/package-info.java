/**
 * The event backbone: every business event is stored in the transaction of its change (the
 * outbox), readable through the events API, and delivered to the tenant's webhook endpoints,
 * signed with the Standard Webhooks scheme, retried with backoff, at least once.
 */
package io.emboss.events;
