package io.emboss.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoint with a deliberate bug, to see what a 500 looks like from outside. */
@RestController
class BoomController {
    @GetMapping("/test-only/boom")
    String boom() {
        throw new IllegalStateException("secret internals: jdbc:postgresql://db/secret");
    }
}
