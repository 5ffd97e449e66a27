package io.emboss.tenancy;

/** The embedded default is H2; anything else is a production database. */
final class EmbeddedMode {
    private EmbeddedMode() {
    }

    static boolean isEmbedded(String dbUrl) {
        return dbUrl != null && dbUrl.startsWith("jdbc:h2:");
    }
}
