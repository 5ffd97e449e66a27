package io.emboss;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Module boundaries: each module uses only the others' public API, and there are no cycles. */
class ModularityTest {

    @Test
    void modules_respect_their_boundaries() {
        ApplicationModules modules = ApplicationModules.of(EmbossApplication.class);
        modules.verify();
    }
}
