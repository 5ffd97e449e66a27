package io.emboss.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * The compat dialects' logins and refreshes carry a password (core's {@code password}, Alix's
 * {@code signature}) and refresh tokens, and answer tokens. With Emboss and Spring MVC logging at
 * DEBUG (which prints request and response bodies by their toString), none of them may appear in
 * anything logged: the root logger's events and the process output.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"logging.level.io.emboss=DEBUG", "logging.level.org.springframework.web=DEBUG"})
class CompatCredentialsNeverLoggedTest extends ApiTestBase {
    private final List<String> appended = Collections.synchronizedList(new ArrayList<>());
    private AppenderBase<ILoggingEvent> appender;

    @BeforeEach
    void captureRootLogger() {
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                appended.add(e.getLoggerName() + " " + e.getFormattedMessage());
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void detach() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
    }

    @Test
    void passwords_and_tokens_of_compat_logins_and_refreshes_never_reach_the_logs(CapturedOutput output) {
        TenantKeys t = newTenant();
        List<String> secrets = new ArrayList<>(List.of(t.password()));

        // core: a login, a wrong password, a wrongly typed body that still carries the password
        Api.Resp core = api.post("/compat/core/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(core.status()).as(core.toString()).isEqualTo(200);
        secrets.add(core.body().get("token").asString());
        String wrong = "Wrong-" + t.password();
        secrets.add(wrong);
        assertThat(api.post("/compat/core/auth/login", null, body("email", t.email(), "password", wrong)).status())
                .isEqualTo(401);
        Api.Resp typed = api.post("/compat/core/auth/login", null, body("email", 42, "password", t.password()));
        assertThat(typed.status()).as("strict typing still applies").isEqualTo(400);
        assertThat(typed.body().get("fields").get("email").asString()).isEqualTo("must be a string");
        assertThat(api.post("/compat/core/auth/login", null, body("email", t.email(), "password", t.password(),
                "environment", "live", "client", "node")).status()).as("unknown fields are ignored").isEqualTo(200);

        // alix: the signature is the password; the refresh token rotates
        Api.Resp alix = api.post("/compat/alix/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", t.password()));
        assertThat(alix.status()).as(alix.toString()).isEqualTo(200);
        String refresh = alix.data().get("refreshToken").asString();
        secrets.add(refresh);
        secrets.add(alix.data().get("accessToken").asString());
        Api.Resp rotated = api.post("/compat/alix/api/v2/auth/refresh-token", null,
                body("partnerCode", t.email(), "refreshToken", refresh, "signature", t.password()));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        secrets.add(rotated.data().get("refreshToken").asString());
        secrets.add(rotated.data().get("accessToken").asString());
        assertThat(api.post("/compat/alix/api/v2/auth/refresh-token", null, body("refreshToken", refresh)).status())
                .as("reuse").isEqualTo(401);
        assertThat(api.post("/compat/alix/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", wrong)).status()).isEqualTo(401);

        // the native login answers the same Tokens record
        Api.Resp nativeLogin = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(nativeLogin.status()).isEqualTo(200);
        secrets.add(nativeLogin.text("accessToken"));
        secrets.add(nativeLogin.text("refreshToken"));

        List<String> logged;
        synchronized (appended) {
            logged = new ArrayList<>(appended);
        }
        assertThat(String.join("\n", logged)).as("the capture sees the bodies being read")
                .contains("Login[").contains("AccessTokenRequest[").contains("RefreshTokenRequest[");
        for (String secret : secrets) {
            assertThat(logged).as("root logger").noneMatch(line -> line.contains(secret));
            assertThat(output.getAll()).as("process output").doesNotContain(secret);
        }
    }
}
