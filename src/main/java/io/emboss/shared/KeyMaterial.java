package io.emboss.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a key given as hex digits in an environment variable. On the embedded default a missing
 * key is generated once into the data directory with a loud warning; with a production database a
 * missing or malformed key stops start-up with a message that names the variable.
 */
public final class KeyMaterial {
    private static final Logger log = LoggerFactory.getLogger(KeyMaterial.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    public static byte[] load(String variable, String configured, int hexDigits, boolean embedded, String dataDir) {
        Pattern hex = Pattern.compile("[0-9a-fA-F]{" + hexDigits + "}");
        if (configured != null && !configured.isBlank()) {
            if (!hex.matcher(configured.trim()).matches()) {
                throw new IllegalStateException(variable + " must be exactly " + hexDigits + " hexadecimal digits");
            }
            return HexFormat.of().parseHex(configured.trim());
        }
        if (!embedded) {
            throw new IllegalStateException(variable + " is required when EMBOSS_DB_URL is set (" + hexDigits
                    + " hexadecimal digits, e.g. from: openssl rand -hex " + hexDigits / 2 + ")");
        }
        Path file = Path.of(dataDir, variable.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".hex");
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!hex.matcher(stored).matches()) {
                    throw new IllegalStateException(file + " does not hold " + hexDigits + " hex digits");
                }
                return HexFormat.of().parseHex(stored);
            }
            byte[] key = new byte[hexDigits / 2];
            RANDOM.nextBytes(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, HexFormat.of().formatHex(key), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.warn("*** {} was not set: generated a development key into {}. Set {} for production. ***",
                    variable, file, variable);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + variable + " in " + file, e);
        }
    }
}
