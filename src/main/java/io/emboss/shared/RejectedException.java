package io.emboss.shared;

/**
 * Carries a {@link Rejection} out of a transaction so that it rolls back. Thrown only by
 * service code that has already written something when it discovers the rejection, and
 * caught at the service boundary (never seen by the web layer as a 500).
 */
public final class RejectedException extends RuntimeException {
    private final transient Rejection rejection;

    public RejectedException(Rejection rejection) {
        super(rejection.code(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
