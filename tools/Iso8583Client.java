import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A dependency-free ISO 8583 client for Emboss's ISO 8583 front (ISO87A: ASCII fields, hex
 * bitmap, 4-digit length header), runnable on Java 17+ as a single file:
 *
 * <pre>
 *   java tools/Iso8583Client.java --pan 4111111111111111 --expiry 2812 --amount 12.34
 *   java tools/Iso8583Client.java --pan ... --expiry ... --amount 5 --cvv2 123 --pin 4821   (PIN under data/emboss-zpk.hex)
 *   java tools/Iso8583Client.java --load --cards cards.txt --connections 4 --in-flight 64 --seconds 10
 * </pre>
 *
 * The first form sends one 0100 and prints the 0110; exit status 0 when field 39 is 00. The load
 * form keeps {@code --in-flight} authorizations outstanding on each of {@code --connections}
 * persistent connections (responses matched by STAN, in whatever order they come), over the
 * cards of a file of "PAN YYMM" lines, and prints one RESULT line as bench/LoadGen.java does.
 */
public class Iso8583Client {

    // ------------------------------------------------------------------ ISO87A by hand

    /** ISO87APackager's layout of the fields this client reads or writes: fixed length, or -2 / -3 for LL / LLL. */
    static final Map<Integer, Integer> LENGTHS = new TreeMap<>();

    static {
        int[] layout = {2, -2, 3, 6, 4, 12, 7, 10, 11, 6, 12, 6, 13, 4, 14, 4, 18, 4, 22, 3, 32, -2, 35, -2, 37, 12,
            38, 6, 39, 2, 41, 8, 42, 15, 43, 40, 48, -3, 49, 3, 52, 16, 70, 3, 90, 42, 95, 42};
        for (int i = 0; i < layout.length; i += 2) {
            LENGTHS.put(layout[i], layout[i + 1]);
        }
    }

    static final java.util.Set<Integer> NUMERIC = java.util.Set.of(3, 4, 7, 11, 12, 13, 14, 18, 22, 70, 90);

    static byte[] encode(String mti, Map<Integer, String> fields) {
        boolean secondary = fields.keySet().stream().anyMatch(f -> f > 64);
        long[] bitmap = new long[2];
        if (secondary) {
            bitmap[0] |= 1L << 63;
        }
        StringBuilder body = new StringBuilder();
        for (Map.Entry<Integer, String> e : new TreeMap<>(fields).entrySet()) {
            int f = e.getKey();
            bitmap[(f - 1) / 64] |= 1L << (63 - (f - 1) % 64);
            int length = LENGTHS.get(f);
            String v = e.getValue();
            if (length < 0) {
                body.append(String.format("%0" + (-length) + "d", v.length())).append(v);
            } else if (NUMERIC.contains(f)) {
                body.append("0".repeat(Math.max(0, length - v.length()))).append(v);
            } else {
                body.append((v + " ".repeat(length)), 0, length);
            }
        }
        String map = String.format("%016X", bitmap[0]) + (secondary ? String.format("%016X", bitmap[1]) : "");
        return (mti + map + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** The MTI (key 0) and each field's text; fails on a field this client does not know. */
    static Map<Integer, String> decode(byte[] frame) {
        String s = new String(frame, StandardCharsets.US_ASCII);
        Map<Integer, String> out = new TreeMap<>();
        out.put(0, s.substring(0, 4));
        long primary = Long.parseUnsignedLong(s.substring(4, 20), 16);
        long secondary = primary < 0 ? Long.parseUnsignedLong(s.substring(20, 36), 16) : 0;
        int at = primary < 0 ? 36 : 20;
        for (int f = 2; f <= 128; f++) {
            long word = f <= 64 ? primary : secondary;
            if ((word & (1L << (63 - (f - 1) % 64))) == 0) {
                continue;
            }
            Integer length = LENGTHS.get(f);
            if (length == null) {
                throw new IllegalStateException("the response carries field " + f + ", which this client does not read");
            }
            int n = length;
            if (length < 0) {
                n = Integer.parseInt(s.substring(at, at - length));
                at -= length;
            }
            out.put(f, s.substring(at, at + n));
            at += n;
        }
        return out;
    }

    static void send(OutputStream out, byte[] message) throws IOException {
        byte[] framed = new byte[4 + message.length];
        System.arraycopy(String.format("%04d", message.length).getBytes(StandardCharsets.US_ASCII), 0, framed, 0, 4);
        System.arraycopy(message, 0, framed, 4, message.length);
        out.write(framed);
        out.flush();
    }

    static byte[] receive(DataInputStream in) throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        byte[] body = new byte[Integer.parseInt(new String(header, StandardCharsets.US_ASCII))];
        in.readFully(body);
        return body;
    }

    /** ISO 9564 format 0, encrypted under a double-length 3DES key. */
    static String pinBlock(String pin, String pan, byte[] zpk) throws Exception {
        String block = "0" + Integer.toHexString(pin.length()).toUpperCase(Locale.ROOT) + pin;
        block = block + "F".repeat(16 - block.length());
        byte[] clear = HexFormat.of().parseHex(block);
        byte[] panBlock = HexFormat.of().parseHex("0000" + pan.substring(pan.length() - 13, pan.length() - 1));
        for (int i = 0; i < 8; i++) {
            clear[i] ^= panBlock[i];
        }
        byte[] key = Arrays.copyOf(zpk, 24);
        System.arraycopy(zpk, 0, key, 16, 8);
        Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DESede"));
        return HexFormat.of().withUpperCase().formatHex(c.doFinal(clear));
    }

    static final AtomicInteger STAN = new AtomicInteger((int) (System.nanoTime() % 900_000));

    /** A 0100 for a purchase at a shop, with a fresh STAN and RRN. */
    static Map<Integer, String> authorization(Options o, String pan, String expiry) throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String stan = String.format("%06d", STAN.incrementAndGet() % 1_000_000);
        Map<Integer, String> f = new LinkedHashMap<>();
        f.put(2, pan);
        f.put(3, "000000");
        f.put(4, Long.toString(o.amountMinor));
        f.put(7, String.format("%1$tm%1$td%1$tH%1$tM%1$tS", now));
        f.put(11, stan);
        f.put(12, String.format("%1$tH%1$tM%1$tS", now));
        f.put(13, String.format("%1$tm%1$td", now));
        if (expiry != null) {
            f.put(14, expiry);
        }
        f.put(18, o.mcc);
        f.put(22, o.cvv2 != null ? "812" : "051");
        f.put(32, o.acquirer);
        f.put(37, String.format("%1$ty%1$tj", now) + stan + "0");
        f.put(41, "TERM0001");
        f.put(42, "EMBOSSCLIENT001");
        f.put(43, String.format("%-25s%-13s%-2s", cut(o.merchant, 25), cut(o.city, 13), o.country));
        if (o.cvv2 != null) {
            f.put(48, "R92" + String.format("%02d", o.cvv2.length()) + o.cvv2);
        }
        f.put(49, o.currency);
        if (o.pin != null) {
            f.put(52, pinBlock(o.pin, pan, o.zpk()));
        }
        return f;
    }

    static String cut(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }

    static final Map<String, String> MEANINGS = Map.ofEntries(Map.entry("00", "approved"),
            Map.entry("05", "do not honour"), Map.entry("14", "invalid card"), Map.entry("30", "format error"),
            Map.entry("51", "insufficient funds"), Map.entry("54", "expired card"), Map.entry("55", "incorrect PIN"),
            Map.entry("57", "transaction not permitted"), Map.entry("61", "exceeds amount limit"),
            Map.entry("62", "restricted card"), Map.entry("65", "exceeds frequency limit"),
            Map.entry("75", "PIN tries exceeded"), Map.entry("N7", "CVV2 mismatch"),
            Map.entry("91", "issuer unavailable"), Map.entry("94", "duplicate transmission"),
            Map.entry("96", "system error"));

    // ------------------------------------------------------------------ options

    static final class Options {
        String host = "127.0.0.1";
        int port = 8583;
        String pan;
        String expiry;
        long amountMinor = 1000;
        String currency = "840";
        String cvv2;
        String pin;
        String zpkHex;
        String zpkFile = "data/emboss-zpk.hex";
        String mcc = "5411";
        String merchant = "Corner Shop";
        String city = "Bogota";
        String country = "CO";
        String acquirer = "12345";
        boolean load;
        Path cards;
        int connections = 4;
        int inFlight = 64;
        double seconds = 10;
        double warmup = 2;
        String name = "iso8583-authorize";
        int timeoutMs = 30_000;

        byte[] zpk() throws IOException {
            String hex = zpkHex != null ? zpkHex : Files.readString(Path.of(zpkFile)).trim();
            return HexFormat.of().parseHex(hex);
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--load")) {
                    o.load = true;
                    continue;
                }
                if (a.equals("-h") || a.equals("--help") || i + 1 >= args.length) {
                    usage();
                }
                String v = args[++i];
                switch (a) {
                    case "--host" -> o.host = v;
                    case "--port" -> o.port = Integer.parseInt(v);
                    case "--pan" -> o.pan = v.replaceAll("[ -]", "");
                    case "--expiry" -> o.expiry = v;
                    case "--amount" -> o.amountMinor = new java.math.BigDecimal(v).movePointRight(2).longValueExact();
                    case "--currency" -> o.currency = v;
                    case "--cvv2" -> o.cvv2 = v;
                    case "--pin" -> o.pin = v;
                    case "--zpk" -> o.zpkHex = v;
                    case "--zpk-file" -> o.zpkFile = v;
                    case "--mcc" -> o.mcc = v;
                    case "--merchant" -> o.merchant = v;
                    case "--city" -> o.city = v;
                    case "--country" -> o.country = v;
                    case "--acquirer" -> o.acquirer = v;
                    case "--cards" -> o.cards = Path.of(v);
                    case "--connections" -> o.connections = Integer.parseInt(v);
                    case "--in-flight" -> o.inFlight = Integer.parseInt(v);
                    case "--seconds" -> o.seconds = Double.parseDouble(v);
                    case "--warmup" -> o.warmup = Double.parseDouble(v);
                    case "--name" -> o.name = v;
                    case "--timeout-ms" -> o.timeoutMs = Integer.parseInt(v);
                    default -> usage();
                }
            }
            if (o.load ? o.cards == null : o.pan == null) {
                usage();
            }
            return o;
        }

        static void usage() {
            System.err.println("usage: java tools/Iso8583Client.java --pan PAN [--expiry YYMM] [--amount 10.00] "
                    + "[--currency 840]\n       [--cvv2 123] [--pin 1234 [--zpk HEX | --zpk-file data/emboss-zpk.hex]] "
                    + "[--mcc 5411] [--merchant NAME] [--city CITY] [--country CO]\n       [--host 127.0.0.1] "
                    + "[--port 8583] [--acquirer 12345]\n"
                    + "   or: java tools/Iso8583Client.java --load --cards FILE (lines: PAN YYMM) [--connections 4] "
                    + "[--in-flight 64] [--seconds 10] [--warmup 2] [--amount 1.00] [--name iso8583-authorize]");
            System.exit(64);
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.load) {
            load(o);
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(o.host, o.port), 5000);
            socket.setSoTimeout(o.timeoutMs);
            Map<Integer, String> request = authorization(o, o.pan, o.expiry);
            send(socket.getOutputStream(), encode("0100", request));
            System.out.println("sent     0100 STAN " + request.get(11) + " RRN " + request.get(37) + " amount "
                    + request.get(4) + " currency " + request.get(49) + " card ****" + o.pan.substring(o.pan.length() - 4));
            Map<Integer, String> response = decode(receive(new DataInputStream(socket.getInputStream())));
            String code = response.getOrDefault(39, "??");
            System.out.println("received " + response.get(0) + " STAN " + response.get(11) + " RRN " + response.get(37)
                    + " response code " + code + " (" + MEANINGS.getOrDefault(code, "unknown") + ")"
                    + (response.containsKey(38) ? " auth code " + response.get(38) : ""));
            System.exit("00".equals(code) ? 0 : 1);
        }
    }

    /** Persistent connections, each with up to {@code inFlight} requests outstanding, for warm-up then measurement. */
    static void load(Options o) throws Exception {
        List<String[]> cards = new ArrayList<>();
        for (String line : Files.readAllLines(o.cards)) {
            if (!line.isBlank()) {
                cards.add(line.trim().split("\\s+"));
            }
        }
        if (o.warmup > 0) {
            Run w = run(o, cards, o.warmup);
            System.err.printf(Locale.ROOT, "warm-up  %-18s %d x %d  %7d requests, %5d errors%n", o.name, o.connections,
                    o.inFlight, w.ok.get() + w.errors.get(), w.errors.get());
        }
        Run r = run(o, cards, o.seconds);
        long[] sorted = r.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long total = r.ok.get() + r.errors.get();
        System.out.println(String.format(Locale.ROOT,
                "RESULT scenario=%s clients=%d requests=%d ok=%d errors=%d seconds=%.3f ops=%.1f p50=%.3f p99=%.3f "
                        + "p999=%.3f max=%.3f",
                o.name, o.connections * o.inFlight, total, r.ok.get(), r.errors.get(), r.elapsed,
                r.ok.get() / r.elapsed, pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6));
        System.out.println("APPROVALS total=" + APPROVED_ALL.get());
        System.out.println("CODES " + r.codes);
    }

    /** Approvals of the warm-up and the measured run: each holds the amount on its card. */
    static final AtomicLong APPROVED_ALL = new AtomicLong();

    static final class Run {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicLong> codes = new ConcurrentHashMap<>();
        double elapsed;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    static Run run(Options o, List<String[]> cards, double seconds) throws Exception {
        Run r = new Run();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(o.connections);
        AtomicInteger next = new AtomicInteger();
        for (int c = 0; c < o.connections; c++) {
            Socket socket = new Socket();
            // without TCP_NODELAY, Nagle holds each small request back until the previous one is acknowledged
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(o.host, o.port), 5000);
            socket.setSoTimeout(o.timeoutMs);
            Semaphore window = new Semaphore(o.inFlight);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicInteger outstanding = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try (socket) {
                    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
                    while (System.nanoTime() < end || outstanding.get() > 0) {
                        Map<Integer, String> response = decode(receive(in));
                        Long t0 = sentAt.remove(response.get(11));
                        if (t0 != null) {
                            r.latencies.add(System.nanoTime() - t0);
                        }
                        String code = response.getOrDefault(39, "??");
                        r.codes.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
                        (code.equals("00") ? r.ok : r.errors).incrementAndGet();
                        if (code.equals("00")) {
                            APPROVED_ALL.incrementAndGet();
                        }
                        outstanding.decrementAndGet();
                        window.release();
                    }
                } catch (IOException e) {
                    r.errors.addAndGet(Math.max(0, outstanding.get()));
                    System.err.println("connection failed: " + e);
                } finally {
                    finished.countDown();
                }
            }, "iso-reader-" + c);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    while (System.nanoTime() < end) {
                        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        if (System.nanoTime() >= end) {
                            window.release();
                            break;
                        }
                        String[] card = cards.get(Math.floorMod(next.getAndIncrement(), cards.size()));
                        Map<Integer, String> request = authorization(o, card[0], card.length > 1 ? card[1] : null);
                        outstanding.incrementAndGet();
                        sentAt.put(request.get(11), System.nanoTime());
                        synchronized (out) {
                            send(out, encode("0100", request));
                        }
                    }
                } catch (Exception e) {
                    System.err.println("sending failed: " + e);
                }
            }, "iso-writer-" + c);
            reader.start();
            writer.start();
        }
        finished.await();
        r.elapsed = (System.nanoTime() - start) / 1e9;
        return r;
    }
}
