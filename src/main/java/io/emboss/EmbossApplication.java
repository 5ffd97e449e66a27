package io.emboss;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class EmbossApplication {
    public static void main(String[] args) {
        SpringApplication.run(EmbossApplication.class, args);
    }
}
