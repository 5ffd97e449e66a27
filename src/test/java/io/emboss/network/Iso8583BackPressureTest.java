package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * A peer that writes as fast as it can and never reads its answers: Emboss keeps at most
 * {@code max-in-flight} of its requests in flight (answers not yet written to the socket), pauses
 * reading, disconnects it after {@code write-timeout}, and serves other connections meanwhile.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"emboss.iso8583.max-in-flight=" + Iso8583BackPressureTest.BOUND,
    "emboss.iso8583.write-timeout=PT5S"})
class Iso8583BackPressureTest extends Iso8583TestBase {
    static final int BOUND = 32;
    private static final long WRITE_TIMEOUT_MS = 5_000;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_peer_that_never_reads_is_held_to_the_bound_then_disconnected_while_others_are_served(CapturedOutput output)
            throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        byte[] batch = batch(card);
        Gauge inFlight = meters.find("emboss.iso8583.in.flight").gauge();
        assertThat(inFlight).as("the in-flight gauge").isNotNull();
        long heapBefore = heapUsedAfterGc();

        AtomicInteger maxInFlight = new AtomicInteger();
        Thread sampler = daemon(() -> {
            try {
                while (true) {
                    maxInFlight.accumulateAndGet((int) inFlight.value(), Math::max);
                    Thread.sleep(1);
                }
            } catch (InterruptedException stop) {
                // the test is done
            }
        });
        AtomicLong sent = new AtomicLong();
        AtomicReference<IOException> ended = new AtomicReference<>();
        AtomicLong endedAt = new AtomicLong();
        try (Socket flood = new Socket()) {
            // small buffers on our side, so that TCP pushes back soon once Emboss stops reading
            flood.setReceiveBufferSize(4096);
            flood.setSendBufferSize(8192);
            flood.connect(new InetSocketAddress("127.0.0.1", server.port()));
            Thread writer = daemon(() -> {
                try {
                    OutputStream out = flood.getOutputStream();
                    while (true) {
                        out.write(batch);
                        sent.addAndGet(batch.length);
                    }
                } catch (IOException e) {
                    endedAt.set(System.nanoTime());
                    ended.set(e);
                }
            });

            awaitBound(maxInFlight, sent, ended);
            long boundAt = System.nanoTime();

            // another connection is served at once
            long t0 = System.nanoTime();
            ASCIIChannel other = connect();
            ISOMsg answer = exchange(other, echo("777001"));
            assertResponse(answer, "0810", "00");
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for another connection's 0810").isLessThan(5_000);

            long heapStalled = heapUsedAfterGc();
            assertThat(heapStalled - heapBefore).as("heap grown while answers wait (bytes), " + sent.get()
                    + " bytes of requests sent").isLessThan(64L * 1024 * 1024);

            writer.join(WRITE_TIMEOUT_MS + 30_000);
            assertThat(ended.get()).as("the server closed the connection").isNotNull();
            assertThat((endedAt.get() - boundAt) / 1_000_000).as("ms from the bound reached to the close")
                    .isLessThan(WRITE_TIMEOUT_MS + 30_000);
            // the other connection is still served
            assertResponse(exchange(other, echo("777002")), "0810", "00");
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        assertThat(maxInFlight.get()).as("most requests in flight at once").isLessThanOrEqualTo(BOUND + 1);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (inFlight.value() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(inFlight.value()).as("in flight once the connection is gone").isZero();
        assertThat(output.getAll()).contains("closed: the peer read none of the")
                .doesNotContain(card.pan()).doesNotContain(card.pan().substring(6));
        assertLedgerBalanced();
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "iso8583-test-peer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until the bound is reached: the peer's answers pile up because it does not read them. */
    private static void awaitBound(AtomicInteger maxInFlight, AtomicLong sent, AtomicReference<IOException> ended)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (maxInFlight.get() < BOUND && ended.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ended.get()).as("the connection is open when its answers pile up").isNull();
        assertThat(maxInFlight.get()).as("requests in flight after " + sent.get() / 1024 + " KB of requests sent")
                .isEqualTo(BOUND);
    }

    /**
     * What the peer repeats: a sign-on, echoes, 0100s (their repeats are retransmissions, answered
     * from the record) and format errors answered without the workers.
     */
    private byte[] batch(NetworkCard card) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ISOMsg signOn = echo("700000");
        signOn.set(70, "001");
        out.write(framedMessage(signOn));
        for (int i = 0; i < 5; i++) {
            out.write(framedMessage(authorization(card, 1)));
            for (int k = 0; k < 100; k++) {
                out.write(framedMessage(echo(String.format("%06d", 100 * i + k))));
            }
            byte[] bad = "0800ZZZZZZZZZZZZZZZZ".getBytes(StandardCharsets.US_ASCII);
            out.write(String.format("%04d", bad.length).getBytes(StandardCharsets.US_ASCII));
            out.write(bad);
        }
        return out.toByteArray();
    }

    private static ISOMsg echo(String stan) throws Exception {
        ISOMsg m = new ISOMsg("0800");
        m.set(7, String.format("%1$tm%1$td%1$tH%1$tM%1$tS", ZonedDateTime.now(ZoneOffset.UTC)));
        m.set(11, stan);
        m.set(70, "301");
        return m;
    }

    /** Heap in use as the actuator reports it (the sum over the heap pools), after a collection. */
    private long heapUsedAfterGc() {
        System.gc();
        String metrics = api.get("/actuator/prometheus", null).raw().body();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(total).as("heap in the actuator's metrics").isPositive();
        return (long) total;
    }
}
