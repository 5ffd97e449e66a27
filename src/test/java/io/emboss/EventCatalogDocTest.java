package io.emboss;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.events.EventCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented event catalogue and the code's never drift apart. */
class EventCatalogDocTest {

    @Test
    void every_event_type_is_documented() throws Exception {
        String doc = Files.readString(Path.of("docs/events.md"));
        EventCatalog.all().keySet().forEach(type -> assertThat(doc).as(type).contains("| `" + type + "` |"));
        long rows = doc.lines().filter(l -> l.matches("\\| `[a-z_]+\\.[a-z_]+` \\|.*")).count();
        assertThat(rows).isEqualTo(EventCatalog.all().size());
    }
}
