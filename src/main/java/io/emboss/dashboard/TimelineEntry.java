package io.emboss.dashboard;

/** One step of an authorization's life on its page: when (blank when not recorded apart), what, how much. */
public record TimelineEntry(String at, String what, String amount, String transactionId) {
}
