package io.emboss.shared;

/** The embedded default is H2; anything else is a production database. */
public final class EmbeddedMode {
    private EmbeddedMode() {
    }

    public static boolean isEmbedded(String dbUrl) {
        return dbUrl != null && dbUrl.startsWith("jdbc:h2:");
    }
}
