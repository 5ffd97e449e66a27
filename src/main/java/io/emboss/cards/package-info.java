/**
 * Card products and cards: issuance from a product, PAN/CVV/PIN security, the status machine,
 * spending limits and controls, physical fulfilment and activation.
 */
package io.emboss.cards;
