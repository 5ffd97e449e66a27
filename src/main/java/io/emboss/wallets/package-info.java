/**
 * Customers' wallets (one balance per currency), deposits into them, and the tenant's own
 * funding balance ("merchant account").
 */
package io.emboss.wallets;
