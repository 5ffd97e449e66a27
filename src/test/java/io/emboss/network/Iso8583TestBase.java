package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.jpos.iso.packager.ISO87APackager;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Tests that talk to the ISO 8583 listener as a network peer would: jPOS (test scope only) with
 * its ASCIIChannel and ISO87APackager, over a real socket to the server on a random port, next to
 * the HTTP API for setting up cards and reading balances.
 */
@TestPropertySource(properties = {"emboss.iso8583.enabled=true", "emboss.iso8583.port=0",
    "emboss.iso8583.zpk=" + Iso8583TestBase.ZPK, "emboss.iso8583.read-timeout=PT1S",
    "emboss.iso8583.max-message-bytes=2048"})
abstract class Iso8583TestBase extends AuthorizationTestBase {
    /** The zone PIN key the tests' peer shares with Emboss. */
    static final String ZPK = "0123456789ABCDEFFEDCBA9876543210";
    static final String ACQUIRER = "12345";
    private static final AtomicInteger STAN = new AtomicInteger(100000 + (int) (System.nanoTime() % 800000));

    @Autowired
    protected Iso8583Server server;

    private final java.util.List<ASCIIChannel> opened = new java.util.ArrayList<>();

    /** An issued card as the network knows it. */
    protected record NetworkCard(String id, String pan, String cvv, String expiry) {
    }

    @AfterEach
    void closeChannels() throws IOException {
        for (ASCIIChannel c : opened) {
            if (c.isConnected()) {
                c.disconnect();
            }
        }
    }

    protected ASCIIChannel connect() throws IOException {
        ASCIIChannel channel = new ASCIIChannel("127.0.0.1", server.port(), new ISO87APackager());
        channel.setTimeout(20_000);
        channel.connect();
        opened.add(channel);
        return channel;
    }

    protected NetworkCard networkCard(Holder h, String balance) {
        String id = fundedCard(h, balance);
        Api.Resp d = api.get("/v1/cards/" + id + "/details", h.key());
        assertThat(d.status()).as(d.toString()).isEqualTo(200);
        String expiry = String.format("%02d%02d", d.data().get("expiryYear").asInt() % 100,
                d.data().get("expiryMonth").asInt());
        return new NetworkCard(id, d.text("number"), d.text("cvv"), expiry);
    }

    /** A 0100 for {@code amountMinor} USD cents at a grocery store in the US, with a fresh STAN and RRN. */
    protected ISOMsg authorization(NetworkCard card, long amountMinor) throws ISOException {
        return request("0100", card, amountMinor);
    }

    protected ISOMsg request(String mti, NetworkCard card, long amountMinor) throws ISOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String stan = String.format("%06d", STAN.incrementAndGet() % 1_000_000);
        ISOMsg m = new ISOMsg();
        m.setMTI(mti);
        m.set(2, card.pan());
        m.set(3, "000000");
        m.set(4, String.format("%012d", amountMinor));
        m.set(7, String.format("%1$tm%1$td%1$tH%1$tM%1$tS", now));
        m.set(11, stan);
        m.set(12, String.format("%1$tH%1$tM%1$tS", now));
        m.set(13, String.format("%1$tm%1$td", now));
        m.set(14, card.expiry());
        m.set(18, "5411");
        m.set(22, "051");
        m.set(32, ACQUIRER);
        m.set(37, "R" + stan + "00000");
        m.set(41, "TERM0001");
        m.set(42, "MERCHANT0000001");
        m.set(43, String.format("%-25s%-13s%-2s", "Corner Shop", "Bogota", "US"));
        m.set(49, "840");
        return m;
    }

    /** Field 90 naming {@code original}: its MTI, STAN, transmission time, acquirer (11 digits), forwarder. */
    protected static String originalData(ISOMsg original) throws ISOException {
        return original.getMTI() + original.getString(11) + original.getString(7)
                + String.format("%011d", Long.parseLong(original.getString(32))) + "00000000000";
    }

    /** A reversal (0400 or 0420) of {@code original}; with {@code actualAmountMinor} a partial one (field 95). */
    protected ISOMsg reversal(String mti, ISOMsg original, Long actualAmountMinor) throws ISOException {
        ISOMsg m = (ISOMsg) original.clone();
        m.setMTI(mti);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        m.set(7, String.format("%1$tm%1$td%1$tH%1$tM%1$tS", now));
        m.set(11, String.format("%06d", STAN.incrementAndGet() % 1_000_000));
        m.set(90, originalData(original));
        if (actualAmountMinor != null) {
            m.set(95, String.format("%012d", actualAmountMinor) + "0".repeat(30));
        }
        m.unset(52);
        return m;
    }

    protected ISOMsg exchange(ASCIIChannel channel, ISOMsg request) throws Exception {
        channel.send(request);
        ISOMsg response = channel.receive();
        assertThat(response.getString(11)).as("STAN echoed").isEqualTo(request.getString(11));
        return response;
    }

    protected ISOMsg exchange(ISOMsg request) throws Exception {
        return exchange(connect(), request);
    }

    /** A message as the wire carries it: ISO87A with its 4-digit length header. */
    protected static byte[] framedMessage(ISOMsg m) throws Exception {
        m.setPackager(new ISO87APackager());
        byte[] body = m.pack();
        byte[] out = new byte[body.length + 4];
        System.arraycopy(String.format("%04d", body.length).getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /** The next message on a raw stream, decoded by jPOS. */
    protected static ISOMsg readMessage(InputStream stream) throws Exception {
        DataInputStream in = new DataInputStream(stream);
        byte[] header = new byte[4];
        in.readFully(header);
        byte[] body = new byte[Integer.parseInt(new String(header, StandardCharsets.US_ASCII))];
        in.readFully(body);
        ISOMsg m = new ISOMsg();
        m.setPackager(new ISO87APackager());
        m.unpack(body);
        return m;
    }

    protected static void assertResponse(ISOMsg response, String mti, String code) throws ISOException {
        assertThat(response.getMTI()).isEqualTo(mti);
        assertThat(response.getString(39)).as("field 39 of " + mti).isEqualTo(code);
    }
}
