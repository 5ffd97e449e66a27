package io.emboss.shared;

/** The embedded default is H2; anything else is a production database. */
public final class EmbeddedMode {
    private EmbeddedMode() {
    }

    public static boolean isEmbedded(String dbUrl) {
        return dbUrl != null && dbUrl.startsWith("jdbc:h2:");
    }

    /** PostgreSQL, where a few statements use what H2 lacks (UPDATE … RETURNING, synchronous_commit). */
    public static boolean isPostgres(String dbUrl) {
        return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
    }
}
