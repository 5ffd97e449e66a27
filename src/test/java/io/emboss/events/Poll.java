package io.emboss.events;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for asynchronous outcomes by polling against a deadline (no fixed sleeps). */
final class Poll {
    static final Duration DEFAULT = Duration.ofSeconds(60);
    private static final long STEP_MS = 25;

    private Poll() {
    }

    /** Polls until the condition holds; fails with the description and the detail once the deadline passes. */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<?> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (detail == null ? "" : "; last state: " + detail.get()));
            }
            pause(STEP_MS);
        }
    }

    static void until(String what, BooleanSupplier condition, Supplier<?> detail) {
        until(what, DEFAULT, condition, detail);
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition, null);
    }

    /**
     * Asserts the condition holds throughout the window (used to show that something does NOT
     * happen, e.g. no further retries); fails as soon as it stops holding.
     */
    static void holds(String what, Duration window, BooleanSupplier condition, Supplier<?> detail) {
        long end = System.nanoTime() + window.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("expected " + what + " throughout " + window.toMillis() + " ms"
                        + (detail == null ? "" : "; state: " + detail.get()));
            }
            pause(STEP_MS);
        } while (System.nanoTime() < end);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("expected " + what + " throughout " + window.toMillis() + " ms"
                    + (detail == null ? "" : "; state: " + detail.get()));
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
