package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;

/**
 * Fuzzes what faces the network first: the length framing and the ISO87A decoder, with random
 * bytes and with valid jPOS-packed messages mutated byte by byte. Neither may throw; a frame the
 * decoder accepts must encode back to the same message. The properties run a few thousand tries;
 * {@link #fuzz_for_the_configured_time} runs for {@code -Dfuzz.seconds} (3 by default; 60 or more
 * for a real fuzzing session: {@code ./mvnw test -Dtest=Iso87AFuzzProperties -Dfuzz.seconds=60}).
 */
class Iso87AFuzzProperties {
    private final Iso87A codec = new Iso87A();

    static byte[] validFrame(int variant) {
        try {
            ISOMsg m = new ISOMsg(variant % 3 == 0 ? "0100" : variant % 3 == 1 ? "0400" : "0800");
            m.setPackager(new ISO87APackager());
            m.set(2, "4111111111111111");
            m.set(3, "000000");
            m.set(4, "000000001234");
            m.set(7, "0101120000");
            m.set(11, "123456");
            m.set(14, "2812");
            m.set(18, "5411");
            m.set(22, "051");
            m.set(32, "12345");
            m.set(37, "R12345600000");
            m.set(41, "TERM0001");
            m.set(43, String.format("%-25s%-13s%-2s", "Corner Shop", "Bogota", "US"));
            m.set(48, "R9203123");
            m.set(49, "840");
            m.set(52, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            if (variant % 3 != 0) {
                m.set(70, "301");
                m.set(90, "010012345601011200000000001234500000000000");
                m.set(95, "000000000500" + "0".repeat(30));
            }
            return m.pack();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> randomFrames() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> digitsFirst = Combinators.combine(Arbitraries.strings().numeric().ofLength(4),
                Arbitraries.strings().withCharRange('0', 'F').ofMaxLength(300))
                .as((mti, rest) -> (mti + rest).getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(raw, digitsFirst);
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        return Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(8),
                Arbitraries.integers().between(0, 10_000).list().ofSize(8),
                Arbitraries.bytes().list().ofSize(8)).as((variant, ops, positions, values) -> {
                    byte[] f = validFrame(variant);
                    for (int i = 0; i < ops.size(); i++) {
                        if (f.length == 0 && ops.get(i) != 3) {
                            continue;
                        }
                        int at = f.length == 0 ? 0 : positions.get(i) % f.length;
                        switch (ops.get(i)) {
                            case 1 -> f[at] = values.get(i);
                            case 2 -> f = Arrays.copyOf(f, at);
                            case 3 -> {
                                byte[] g = new byte[f.length + 1];
                                System.arraycopy(f, 0, g, 0, at);
                                g[at] = values.get(i);
                                System.arraycopy(f, at, g, at + 1, f.length - at);
                                f = g;
                            }
                            case 4 -> {
                                if (f.length > 0) {
                                    byte[] g = new byte[f.length - 1];
                                    System.arraycopy(f, 0, g, 0, at);
                                    System.arraycopy(f, at + 1, g, at, f.length - at - 1);
                                    f = g;
                                }
                            }
                            case 5 -> f[at] = (byte) ('0' + Math.floorMod(values.get(i), 10));
                            default -> f[at] = (byte) "0123456789ABCDEF".charAt(Math.floorMod(values.get(i), 16));
                        }
                    }
                    return f;
                });
    }

    /** Decodes without throwing; whatever it accepts re-encodes to bytes that decode to the same message. */
    void checkDecoder(byte[] frame) {
        Iso87A.Decoded d = codec.decode(frame);
        if (d.mti == null) {
            boolean fourDigits = frame.length >= 4 && new String(frame, 0, 4, StandardCharsets.ISO_8859_1)
                    .matches("\\d{4}");
            assertThat(fourDigits).as("an MTI of four digits is always read").isFalse();
            return;
        }
        if (!d.ok()) {
            assertThat(d.problem).isNotBlank();
            return;
        }
        Iso87A.Decoded again = codec.decode(codec.encode(d.message));
        assertThat(again.ok()).as(again.problem).isTrue();
        assertThat(again.message).isEqualTo(d.message);
    }

    /** The framing never throws, never emits more than the bound, and stops at the first broken header. */
    void checkFraming(byte[] stream) {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthFraming(2048, 60_000));
        try {
            int at = 0;
            int chunk = 1 + Math.floorMod(Arrays.hashCode(stream), 64);
            while (at < stream.length && channel.isOpen()) {
                int n = Math.min(chunk, stream.length - at);
                channel.writeInbound(Unpooled.wrappedBuffer(stream, at, n));
                at += n;
            }
            Object out;
            while ((out = channel.readInbound()) != null) {
                assertThat(((byte[]) out).length).isBetween(1, 2048);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Property(tries = 3000)
    void random_bytes_never_break_the_decoder_or_the_framing(@ForAll("randomFrames") byte[] frame) {
        checkDecoder(frame);
        checkFraming(frame);
    }

    @Property(tries = 3000)
    void mutated_valid_messages_are_decoded_or_refused_cleanly(@ForAll("mutatedFrames") byte[] frame) {
        checkDecoder(frame);
        byte[] framed = new byte[frame.length + 4];
        System.arraycopy(String.format("%04d", Math.min(frame.length, 9999)).getBytes(StandardCharsets.US_ASCII), 0,
                framed, 0, 4);
        System.arraycopy(frame, 0, framed, 4, frame.length);
        checkFraming(framed);
    }

    @Example
    void the_valid_frames_are_accepted() {
        for (int v = 0; v < 3; v++) {
            Iso87A.Decoded d = codec.decode(validFrame(v));
            assertThat(d.ok()).as(d.problem).isTrue();
            assertThat(new String(codec.encode(d.message), StandardCharsets.US_ASCII))
                    .isEqualTo(new String(validFrame(v), StandardCharsets.US_ASCII));
        }
    }

    @Example
    void fuzz_for_the_configured_time() {
        long seconds = Long.getLong("fuzz.seconds", 3);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Iterator<byte[]> random = randomFrames().sampleStream().iterator();
        Iterator<byte[]> mutated = mutatedFrames().sampleStream().iterator();
        long n = 0;
        long accepted = 0;
        while (System.nanoTime() < deadline) {
            for (byte[] f : List.of(random.next(), mutated.next())) {
                checkDecoder(f);
                checkFraming(f);
                accepted += codec.decode(f).ok() ? 1 : 0;
                n++;
            }
        }
        System.out.printf("FUZZ decoder and framing: %d inputs in %d s, %d decoded as well-formed, no failure%n", n,
                seconds, accepted);
    }
}
