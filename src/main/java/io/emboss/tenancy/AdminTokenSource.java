package io.emboss.tenancy;

import io.emboss.shared.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the platform admin token comes from: EMBOSS_ADMIN_TOKEN, required on PostgreSQL; on the
 * embedded default it is generated once into the data directory and printed at every start.
 */
record AdminTokenSource(String token, boolean generated, Path file) {

    static AdminTokenSource resolve(String configured, String dbUrl, String dataDir) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 16) {
                throw new IllegalStateException("EMBOSS_ADMIN_TOKEN must be at least 16 characters");
            }
            return new AdminTokenSource(configured.trim(), false, null);
        }
        if (!io.emboss.shared.EmbeddedMode.isEmbedded(dbUrl)) {
            throw new IllegalStateException("EMBOSS_ADMIN_TOKEN is required when EMBOSS_DB_URL is set "
                    + "(the platform operator's bearer token, at least 16 characters)");
        }
        Path file = Path.of(dataDir, "admin-token");
        try {
            if (Files.exists(file)) {
                return new AdminTokenSource(Files.readString(file, StandardCharsets.UTF_8).trim(), true, file);
            }
            Files.createDirectories(file.getParent());
            String token = "adm_" + Ids.random(40);
            Files.writeString(file, token, StandardCharsets.UTF_8);
            restrict(file);
            return new AdminTokenSource(token, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file, e);
        }
    }

    static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the file keeps its default permissions
        }
    }
}
