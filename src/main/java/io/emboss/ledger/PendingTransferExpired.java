package io.emboss.ledger;

/** Published after a hold was voided because its timeout passed; the void transfer is given. */
public record PendingTransferExpired(Transfer voidTransfer) {
}
