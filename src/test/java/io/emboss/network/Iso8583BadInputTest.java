package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

/**
 * The list of bad input, sent over a raw socket: each gets a response (30 when the MTI is
 * readable) or a clean close, never a hang, and none moves money or leaves threads behind.
 */
class Iso8583BadInputTest extends Iso8583TestBase {

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static byte[] framed(byte[] body) {
        byte[] out = Arrays.copyOf(String.format("%04d", body.length).getBytes(StandardCharsets.US_ASCII),
                4 + body.length);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    private static byte[] framed(String body) {
        return framed(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] packed(ISOMsg m) throws Exception {
        return Arrays.copyOfRange(framedMessage(m), 4, framedMessage(m).length);
    }

    private static ISOMsg read(Socket s) throws Exception {
        return readMessage(s.getInputStream());
    }

    /** The server closed the connection (end of stream or reset) well before the socket's read timeout. */
    private static void assertClosed(Socket s) throws IOException {
        long t0 = System.nanoTime();
        InputStream in = s.getInputStream();
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // drain whatever came before the close
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection hangs instead of closing", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until closed").isLessThan(8_000);
    }

    private ISOMsg echo(String stan) throws Exception {
        ISOMsg m = new ISOMsg("0800");
        m.set(7, "0101120000");
        m.set(11, stan);
        m.set(70, "301");
        return m;
    }

    /** The connection still serves: an echo gets its 0810. */
    private void assertStillServes(Socket s) throws Exception {
        write(s, framed(packed(echo("424242"))));
        ISOMsg r = read(s);
        assertResponse(r, "0810", "00");
        assertThat(r.getString(11)).isEqualTo("424242");
    }

    @Test
    void malformed_messages_with_a_readable_mti_get_30_and_the_connection_goes_on() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "40.00");
        try (Socket s = open()) {
            // non-ASCII garbage inside an otherwise framed message
            byte[] garbage = packed(authorization(card, 100));
            garbage[30] = (byte) 0xC3;
            garbage[31] = (byte) 0x00;
            write(s, framed(garbage));
            assertResponse(read(s), "0110", "30");

            // an amount that is no number: the 30 still carries the fields the peer matches responses by
            ISOMsg badAmount = authorization(card, 100);
            byte[] letters = packed(badAmount);
            String text = new String(letters, StandardCharsets.US_ASCII);
            int amountAt = text.indexOf("000000000100");
            letters[amountAt + 9] = 'X';
            write(s, framed(letters));
            ISOMsg matched = read(s);
            assertResponse(matched, "0110", "30");
            for (int f : new int[] {7, 11, 32, 37, 41}) {
                assertThat(matched.getString(f)).as("field " + f + " echoed").isEqualTo(badAmount.getString(f));
            }
            assertThat(matched.hasField(2)).as("no PAN in a 30").isFalse();

            // a bitmap announcing fields 2, 3 and 4 that are not there
            write(s, framed("0100" + "7000000000000000"));
            assertResponse(read(s), "0110", "30");

            // a bitmap that is no hex
            write(s, framed("0100" + "ZZZZ000000000000" + "16" + card.pan()));
            assertResponse(read(s), "0110", "30");

            // fields after the last one the bitmap names
            write(s, framed(new String(packed(authorization(card, 100)), StandardCharsets.US_ASCII) + "EXTRA"));
            assertResponse(read(s), "0110", "30");

            // an unknown MTI, and a financial message without its PAN
            ISOMsg unknown = authorization(card, 100);
            unknown.setMTI("0300");
            write(s, framed(packed(unknown)));
            assertResponse(read(s), "0310", "30");
            ISOMsg noPan = authorization(card, 100);
            noPan.unset(2);
            write(s, framed(packed(noPan)));
            ISOMsg r = read(s);
            assertResponse(r, "0110", "30");
            assertThat(r.getString(11)).isEqualTo(noPan.getString(11));

            // a zero amount, an expiry month 13, a currency that is no ISO code, a malformed field 48
            ISOMsg zero = authorization(card, 0);
            ISOMsg month13 = authorization(card, 100);
            month13.set(14, "2913");
            ISOMsg currency = authorization(card, 100);
            currency.set(49, "ABC");
            ISOMsg field48 = authorization(card, 100);
            field48.set(48, "R9209123");
            for (ISOMsg m : new ISOMsg[] {zero, month13, currency, field48}) {
                write(s, framed(packed(m)));
                assertResponse(read(s), "0110", "30");
            }

            // a response sent to Emboss is not answered, an empty frame is a keep-alive
            ISOMsg response = authorization(card, 100);
            response.setMTI("0110");
            write(s, framed(packed(response)));
            write(s, "0000".getBytes(StandardCharsets.US_ASCII));
            assertStillServes(s);
        }
        assertBalance(h.key(), card.id(), "40.00", "0.00", "40.00");
        assertThat(allPages("/v1/transactions?type=authorization&cardId=" + card.id(), h.key())).isEmpty();
    }

    @Test
    void broken_framing_closes_the_connection_without_a_hang() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "40.00");
        byte[] valid = packed(authorization(card, 100));

        try (Socket s = open()) {
            // a truncated frame: the header promises more than ever comes (read timeout 1 s)
            write(s, Arrays.copyOf(framed(valid), 40));
            assertClosed(s);
        }
        try (Socket s = open()) {
            // a header that is no number
            write(s, "AB12hello".getBytes(StandardCharsets.US_ASCII));
            assertClosed(s);
        }
        try (Socket s = open()) {
            // a 10 MB message: the header can say at most 9999, which is over the bound (2048 here)
            write(s, "9999".getBytes(StandardCharsets.US_ASCII));
            try {
                write(s, new byte[10 * 1024 * 1024]);
            } catch (IOException closedWhileSending) {
                // the server may close before all 10 MB are sent
            }
            assertClosed(s);
        }
        try (Socket s = open()) {
            // a header that lies short: the first 30 bytes are a message (answered 30), the rest no header
            byte[] lying = framed(valid);
            System.arraycopy("0030".getBytes(StandardCharsets.US_ASCII), 0, lying, 0, 4);
            write(s, lying);
            assertResponse(read(s), "0110", "30");
            assertClosed(s);
        }
        try (Socket s = open()) {
            // no readable MTI: the stream is out of step
            write(s, framed("ABCD0000000000000000"));
            assertClosed(s);
        }
        assertBalance(h.key(), card.id(), "40.00", "0.00", "40.00");
    }

    @Test
    void a_storm_of_bad_connections_leaves_no_threads_behind() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "40.00");
        byte[] valid = packed(authorization(card, 100));
        storm(valid);
        Thread.sleep(500);
        int after1 = Thread.activeCount();
        storm(valid);
        Thread.sleep(500);
        int after2 = Thread.activeCount();
        assertThat(after2).as("threads after a second storm").isLessThanOrEqualTo(after1 + 2);
        try (Socket s = open()) {
            assertStillServes(s);
        }
        assertBalance(h.key(), card.id(), "40.00", "0.00", "40.00");
    }

    private void storm(byte[] valid) throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = open()) {
                ByteArrayOutputStream junk = new ByteArrayOutputStream();
                junk.write(framed(Arrays.copyOf(valid, 25)));
                junk.write(Arrays.copyOf(framed(valid), 10 + i));
                write(s, junk.toByteArray());
                if (i % 2 == 0) {
                    assertResponse(read(s), "0110", "30");
                    assertClosed(s);
                }
            }
        }
    }
}
