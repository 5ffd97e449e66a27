package io.emboss;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(excludeName = {
        // every caller is resolved by our bearer filter; there is no in-memory user store
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
public class EmbossApplication {
    public static void main(String[] args) {
        SpringApplication.run(EmbossApplication.class, args);
    }
}
