/** Cardholders ("customers") and their KYC status: pending, in_review, approved, rejected. */
package io.emboss.customers;
