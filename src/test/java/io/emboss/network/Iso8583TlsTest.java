package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The listener with TLS from a Spring Boot SSL bundle: an authorization over TLS; plain TCP gets nowhere. */
@TestPropertySource(properties = "emboss.iso8583.ssl-bundle=iso")
class Iso8583TlsTest extends Iso8583TestBase {

    @DynamicPropertySource
    static void keystore(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("emboss-iso-tls");
        Path keystore = dir.resolve("iso.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "iso", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        registry.add("spring.ssl.bundle.jks.iso.keystore.location", () -> "file:" + keystore);
        registry.add("spring.ssl.bundle.jks.iso.keystore.password", () -> "changeit");
        registry.add("spring.ssl.bundle.jks.iso.keystore.type", () -> "PKCS12");
    }

    @Test
    void an_authorization_over_tls_is_approved_and_plain_tcp_is_not_served() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "30.00");
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(framedMessage(authorization(card, 1000)));
            out.flush();
            assertResponse(readMessage(s.getInputStream()), "0110", "00");
        }
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(framedMessage(authorization(card, 1000)));
            int read;
            try {
                read = plain.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).as("no ISO 8583 answer in clear text").isNotEqualTo('0');
        }
        assertBalance(h.key(), card.id(), "20.00", "10.00", "30.00");
    }
}
