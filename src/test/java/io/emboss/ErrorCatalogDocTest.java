package io.emboss;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.web.ErrorCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented error table and the code's catalogue never drift apart. */
class ErrorCatalogDocTest {

    @Test
    void every_error_code_is_documented_with_its_status() throws Exception {
        String doc = Files.readString(Path.of("docs/api-conventions.md"));
        ErrorCatalog.all().forEach((code, entry) ->
                assertThat(doc).as(code).contains("| `" + code + "` | " + entry.status() + " |"));
        long rows = doc.lines().filter(l -> l.startsWith("| `") && l.matches("\\| `[a-z_]+` \\| \\d{3} \\|.*")).count();
        assertThat(rows).isEqualTo(ErrorCatalog.all().size());
    }
}
