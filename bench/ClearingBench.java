import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clearing benchmark's client (bench/run-clearing.sh), one JVM per step, all state in files:
 *
 * <pre>
 *   setup    --base URL --admin-token T --cards N --auths M --funding 100000.00 --dir D
 *            a sandbox tenant, a USD product with high limits, N cards (each its own KYC-approved customer,
 *            wallet deposit, card top-up of --funding), M pending authorizations through the simulator with
 *            our own network references; writes D/cards.tsv (id, funding minor) and D/auths.tsv
 *   generate --records R --dir D --out FILE [--seed S]
 *            streams a clearing file of R records to FILE (never holds it: one line at a time, a ring of 2048
 *            recent lines for the duplicates); writes D/expected.txt (the outcome each record should have)
 *            and prints the mix
 *   upload   --base URL --admin-token T --file FILE --dir D [--settlement-date YYYY-MM-DD]
 *            POSTs the file once (text/csv, streamed from disk), polls until completed, checks the outcomes
 *            against D/expected.txt and the ledger; then POSTs the same file again and checks it is the same
 *            file (200, same id) and changed nothing. Prints KEY=VALUE lines for the script's table.
 * </pre>
 */
public class ClearingBench {
    static final String HEADER = "recordId,network,recordType,cardId,networkReference,authCode,transactionAmount,"
            + "transactionCurrency,settlementAmount,settlementCurrency,interchangeFee,merchantName,mcc,merchantCountry,"
            + "transactionDate";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        switch (args.length == 0 ? "" : args[0]) {
            case "setup" -> setup(o);
            case "generate" -> generate(o);
            case "upload" -> upload(o);
            default -> {
                System.err.println("usage: ClearingBench setup|generate|upload --option value ...");
                System.exit(1);
            }
        }
    }

    static void log(String fmt, Object... a) {
        System.err.printf(Locale.ROOT, "[clearing] " + fmt + "%n", a);
    }

    // ------------------------------------------------------------------ HTTP

    record Resp(int status, String body) {
        String str(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }

        long num(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static Resp call(String base, String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.body());
    }

    static Resp must(String base, String method, String path, String token, String json) throws Exception {
        Resp r = call(base, method, path, token, json);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r;
    }

    // ------------------------------------------------------------------ setup

    record Auth(String id, String code, long amountMinor, String cardId, String reference) {
    }

    static void setup(Map<String, String> o) throws Exception {
        String base = o.get("base");
        String admin = o.get("admin-token");
        int nCards = Integer.parseInt(o.getOrDefault("cards", "200"));
        int nAuths = Integer.parseInt(o.getOrDefault("auths", "3000"));
        String funding = o.getOrDefault("funding", "100000.00");
        Path dir = Path.of(o.get("dir"));
        String run = Long.toString(System.currentTimeMillis(), 36);
        long t0 = System.nanoTime();

        Resp t = must(base, "POST", "/v1/platform/tenants", admin, "{\"name\":\"Clearing bench " + run
                + "\",\"adminEmail\":\"clearing-" + run + "@bench.test\",\"adminPassword\":\"bench passphrase " + run + "\"}");
        String tenantId = t.str("id");
        String key = t.str("sandboxApiKey");
        must(base, "PATCH", "/v1/platform/tenants/" + tenantId, admin, "{\"rateLimitPerHour\":100000000}");
        // limits far above what the setup's authorizations and the file's force posts reach
        String product = must(base, "POST", "/v1/card-products", key, "{"
                + "\"name\":\"Clearing bench USD virtual\",\"network\":\"visa\",\"formFactor\":\"virtual\","
                + "\"currency\":\"USD\",\"issuanceFee\":\"0\","
                + "\"topupFee\":{\"fixed\":\"0.10\",\"percent\":\"1\"},"
                + "\"minTopup\":\"1\",\"maxBalance\":\"100000000\","
                + "\"limits\":{\"perTransaction\":\"100000\",\"daily\":\"1000000\",\"monthly\":\"10000000\"},"
                + "\"validityMonths\":36,\"settlementMode\":\"instant\"}").str("id");
        log("setup: tenant %s, product %s", tenantId, product);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> cards = new ArrayList<>();
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < nCards; i++) {
                int n = i;
                made.add(pool.submit(() -> {
                    String customer = must(base, "POST", "/v1/customers", key, "{\"name\":\"Clearing Customer " + n
                            + "\",\"email\":\"c" + n + "-" + run + "@bench.test\"}").str("id");
                    must(base, "POST", "/v1/simulate/customers/" + customer + "/kyc", key, "{\"decision\":\"approved\"}");
                    must(base, "POST", "/v1/simulate/deposits", key, "{\"customerId\":\"" + customer
                            + "\",\"currency\":\"USD\",\"amount\":\"1000000\"}");
                    String card = must(base, "POST", "/v1/cards", key, "{\"customerId\":\"" + customer
                            + "\",\"productId\":\"" + product + "\"}").str("id");
                    must(base, "POST", "/v1/cards/" + card + "/topups", key, "{\"amount\":\"" + funding + "\"}");
                    return card;
                }));
            }
            for (Future<String> f : made) {
                cards.add(f.get());
            }
            log("setup: %d cards funded with %s each in %.1f s", cards.size(), funding, (System.nanoTime() - t0) / 1e9);

            long t1 = System.nanoTime();
            Random rnd = new Random(17);
            List<Future<Auth>> auths = new ArrayList<>();
            AtomicInteger declined = new AtomicInteger();
            for (int i = 0; i < nAuths; i++) {
                String card = cards.get(i % cards.size());
                long minor = 500 + rnd.nextInt(14_501); // 5.00 .. 150.00
                String reference = "BNR" + run + "x" + i;
                auths.add(pool.submit(() -> {
                    Resp r = must(base, "POST", "/v1/simulate/authorizations", key, "{\"cardId\":\"" + card
                            + "\",\"amount\":\"" + money(minor) + "\",\"currency\":\"USD\",\"networkReference\":\""
                            + reference + "\",\"merchant\":{\"name\":\"Bench Store\",\"mcc\":\"5411\",\"country\":\"US\"}}");
                    if (!r.body().contains("\"approved\":true")) {
                        declined.incrementAndGet();
                        log("declined: %s", r.body());
                        return null;
                    }
                    return new Auth(r.str("id"), r.str("authCode"), minor, card, reference);
                }));
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("auths.tsv")))) {
                for (Future<Auth> f : auths) {
                    Auth a = f.get();
                    if (a != null) {
                        w.println(a.id() + "\t" + a.code() + "\t" + a.amountMinor() + "\t" + a.cardId() + "\t" + a.reference());
                    }
                }
            }
            if (declined.get() > 0) {
                throw new IllegalStateException(declined.get() + " authorizations declined");
            }
            log("setup: %d pending authorizations in %.1f s", nAuths, (System.nanoTime() - t1) / 1e9);
        } finally {
            pool.shutdownNow();
        }
        long fundingMinor = new java.math.BigDecimal(funding).movePointRight(2).longValueExact();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("cards.tsv")))) {
            for (String c : cards) {
                w.println(c + "\t" + fundingMinor);
            }
        }
        Files.writeString(dir.resolve("tenant.txt"), tenantId + "\t" + key + "\n");
        System.out.printf(Locale.ROOT, "SETUP cards=%d auths=%d seconds=%.1f%n", cards.size(), nAuths,
                (System.nanoTime() - t0) / 1e9);
    }

    static String money(long minor) {
        return String.format(Locale.ROOT, "%d.%02d", minor / 100, minor % 100);
    }

    // ------------------------------------------------------------------ generate

    /** What a category of records is expected to end as (the server's outcome names). */
    static final String[] OUTCOMES = {"matched", "overCleared", "underCleared", "furtherCaptures", "forcePosted",
        "released", "refunded", "chargebacks", "duplicates", "rejected"};

    static void generate(Map<String, String> o) throws Exception {
        long records = Long.parseLong(o.get("records"));
        Path dir = Path.of(o.get("dir"));
        Path out = Path.of(o.get("out"));
        Random rnd = new Random(Long.parseLong(o.getOrDefault("seed", "42")));
        List<Auth> auths = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("auths.tsv"))) {
            String[] f = l.split("\t");
            auths.add(new Auth(f[0], f[1], Long.parseLong(f[2]), f[3], f[4]));
        }
        List<String> cards = new ArrayList<>();
        List<Long> budget = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("cards.tsv"))) {
            String[] f = l.split("\t");
            cards.add(f[0]);
            budget.add(Long.parseLong(f[1]));
        }
        Map<String, Integer> cardIndex = new HashMap<>();
        for (int i = 0; i < cards.size(); i++) {
            cardIndex.put(cards.get(i), i);
        }
        long[] left = budget.stream().mapToLong(Long::longValue).toArray();
        // every authorization's hold counts against its card's budget, whatever the file does with it
        for (Auth a : auths) {
            left[cardIndex.get(a.cardId())] -= a.amountMinor();
        }

        // the file: the authorizations' first records spread over the first 40 % of the lines, their
        // follow-ups (further captures, refunds) over the last 40 % (always in a later chunk of 500); the
        // other lines are force posts, with duplicates (of a force post 1000 to 2048 lines back) in the
        // second half and rejections spread over the whole file
        long a = auths.size();
        List<Integer> followUps = new ArrayList<>();
        for (int j = 0; j < a; j++) {
            if (j % 20 < 4) {
                followUps.add(j); // exact presentments by reference, later cleared again (0, 1) or refunded (2, 3)
            }
        }
        long fu = followUps.size();
        long firstSpan = records * 4 / 10;
        long followStart = records * 6 / 10;
        long followSpan = records - followStart;
        if (a > firstSpan || fu > followSpan || records - a - fu < 10) {
            throw new IllegalArgumentException(records + " records are too few for " + a + " authorizations");
        }
        long fillers = records - a - fu;
        long duplicates = Math.max(1, records / 200);           // 0.5 %
        long rejected = Math.max(2, records / 500);             // 0.2 %: half an unknown card, half 3 decimals
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        Map<String, Long> expected = new LinkedHashMap<>();
        for (String k : OUTCOMES) {
            expected.put(k, 0L);
        }
        Map<String, Long> mix = new LinkedHashMap<>();
        String[] ring = new String[2048];
        long ringCount = 0;
        long nextAuth = 0;
        long nextFollow = 0;
        long filler = 0;
        long dupSeen = 0;
        long rejSeen = 0;
        long fpSeq = 0;
        long bytes = 0;
        int rr = 0;
        long[] capturedOf = new long[(int) a];
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out),
                StandardCharsets.UTF_8), 1 << 16)) {
            w.write(HEADER);
            w.write('\n');
            bytes += HEADER.length() + 1;
            for (long i = 0; i < records; i++) {
                String line;
                if (nextAuth < a && i == nextAuth * firstSpan / a) {
                    int j = (int) nextAuth++;
                    Auth au = auths.get(j);
                    int k = j % 20;
                    String id = "A" + j;
                    if (k < 8) {
                        line = record(id, "presentment", au.cardId(), au.reference(), "", au.amountMinor(), today);
                        capturedOf[j] = au.amountMinor();
                        count(mix, "presentment by networkReference, exact amount", expected, "matched");
                    } else if (k < 11) {
                        long over = Math.max(1, au.amountMinor() / 10);
                        left[cardIndex.get(au.cardId())] -= over;
                        line = record(id, "presentment", au.cardId(), au.reference(), "", au.amountMinor() + over, today);
                        count(mix, "presentment by networkReference, over the hold (+10 %)", expected, "overCleared");
                    } else if (k < 14) {
                        long under = Math.max(1, au.amountMinor() / 5);
                        line = record(id, "presentment", au.cardId(), au.reference(), "", au.amountMinor() - under, today);
                        count(mix, "presentment by networkReference, under the hold (-20 %)", expected, "underCleared");
                    } else if (k < 17) {
                        line = record(id, "presentment", au.cardId(), "", au.code(), au.amountMinor(), today);
                        count(mix, "presentment by authCode + card + amount", expected, "matched");
                    } else {
                        line = record(id, "reversal", au.cardId(), au.reference(), "", au.amountMinor(), today);
                        count(mix, "reversal of a pending authorization", expected, "released");
                    }
                } else if (i >= followStart && nextFollow < fu && i == followStart + nextFollow * followSpan / fu) {
                    int j = followUps.get((int) nextFollow++);
                    Auth au = auths.get(j);
                    if (j % 20 < 2) {
                        long amount = 100 + rnd.nextInt(1901); // 1.00 .. 20.00
                        left[cardIndex.get(au.cardId())] -= amount;
                        line = record("F" + j, "presentment", au.cardId(), au.reference(), "", amount, today);
                        count(mix, "second presentment of a cleared authorization", expected, "furtherCaptures");
                    } else {
                        long amount = Math.max(1, capturedOf[j] / 2);
                        line = record("R" + j, "reversal", au.cardId(), au.reference(), "", amount, today);
                        count(mix, "reversal of a cleared authorization (half)", expected, "refunded");
                    }
                } else {
                    long f = filler++;
                    boolean dup = f >= fillers / 2 && ringCount >= ring.length
                            && (f - fillers / 2 + 1) * duplicates / (fillers - fillers / 2) > dupSeen;
                    boolean rej = !dup && (f + 1) * rejected / fillers > rejSeen;
                    if (dup) {
                        dupSeen++;
                        line = ring[(int) ((ringCount - 1000 - rnd.nextInt(1000)) % ring.length)];
                        count(mix, "duplicate of a force post 1000-2000 lines back (same recordId)", expected, "duplicates");
                    } else if (rej) {
                        long r = rejSeen++;
                        if (r % 2 == 0) {
                            line = record("X" + r, "presentment", "card_benchunknown" + r, "XNR" + r, "", 1000, today);
                            count(mix, "rejected: unknown card", expected, "rejected");
                        } else {
                            String c = cards.get((int) (r % cards.size()));
                            line = "X" + r + ",visa,presentment," + c + ",XNR" + r + ",,10.125,USD,10.125,USD,0.15,"
                                    + "Bench Force Post,5411,US," + today;
                            count(mix, "rejected: amount with 3 decimals", expected, "rejected");
                        }
                    } else {
                        long amount = 50 + rnd.nextInt(1951); // 0.50 .. 20.00
                        int c = -1;
                        for (int tries = 0; tries < cards.size(); tries++) {
                            int cand = (rr + tries) % cards.size();
                            if (left[cand] - amount >= 0) {
                                c = cand;
                                break;
                            }
                        }
                        if (c < 0) {
                            throw new IllegalStateException("the cards' balances cannot cover more force posts at line "
                                    + (i + 2) + "; fund them more (CLEARING_FUNDING) or add cards (CARDS)");
                        }
                        rr = (c + 1 + rnd.nextInt(3)) % cards.size();
                        left[c] -= amount;
                        long s = fpSeq++;
                        line = record("P" + s, "presentment", cards.get(c), "PNR" + s, "", amount, today);
                        ring[(int) (ringCount++ % ring.length)] = line;
                        count(mix, "force post (no authorization)", expected, "forcePosted");
                    }
                }
                w.write(line);
                w.write('\n');
                bytes += line.length() + 1;
            }
        }
        long minLeft = Long.MAX_VALUE;
        for (long l : left) {
            minLeft = Math.min(minLeft, l);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("expected.txt")))) {
            expected.forEach((k, v) -> w.println(k + "=" + v));
        }
        for (Map.Entry<String, Long> e : mix.entrySet()) {
            System.out.printf(Locale.ROOT, "MIX %9d  %5.2f %%  %s%n", e.getValue(), 100.0 * e.getValue() / records, e.getKey());
        }
        System.out.printf(Locale.ROOT, "GENERATED records=%d bytes=%d cards=%d auths=%d min_card_left=%s%n", records,
                bytes, cards.size(), a, money(minLeft));
    }

    static void count(Map<String, Long> mix, String what, Map<String, Long> expected, String outcome) {
        mix.merge(what, 1L, Long::sum);
        expected.merge(outcome, 1L, Long::sum);
    }

    static String record(String id, String type, String card, String reference, String authCode, long minor,
            String date) {
        String amount = money(minor);
        long interchange = minor * 15 / 1000; // 1.5 %
        return id + ",visa," + type + "," + card + "," + reference + "," + authCode + "," + amount + ",USD," + amount
                + ",USD," + money(interchange) + ",Bench Store,5411,US," + date;
    }

    // ------------------------------------------------------------------ upload

    static void upload(Map<String, String> o) throws Exception {
        String base = o.get("base");
        String admin = o.get("admin-token");
        Path file = Path.of(o.get("file"));
        Path dir = Path.of(o.get("dir"));
        String day = o.getOrDefault("settlement-date", LocalDate.now(ZoneOffset.UTC).toString());
        double poll = Double.parseDouble(o.getOrDefault("poll", "0.5"));
        String[] tenant = Files.readString(dir.resolve("tenant.txt")).trim().split("\t");
        List<String> cards = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("cards.tsv"))) {
            cards.add(l.split("\t")[0]);
        }
        List<String> problems = new ArrayList<>();
        Resp before = must(base, "GET", "/v1/platform/ledger/verification", admin, null);
        System.out.println("LEDGER_BEFORE " + before.body());

        System.out.println("MARK upload_start " + System.currentTimeMillis());
        long t0 = System.nanoTime();
        Resp posted = post(base, admin, file, day);
        long t1 = System.nanoTime();
        System.out.println("MARK upload_answered " + System.currentTimeMillis());
        if (posted.status() != 202) {
            throw new IllegalStateException("first upload answered " + posted.status() + ": " + posted.body());
        }
        String id = posted.str("id");
        long total = posted.num("recordsTotal");
        log("upload: %s staged %d records in %.1f s (answered %d)", id, total, (t1 - t0) / 1e9, posted.status());
        Resp status;
        long lastLog = System.nanoTime();
        while (true) {
            status = must(base, "GET", "/v1/platform/clearing-files/" + id, admin, null);
            if ("completed".equals(status.str("status"))) {
                break;
            }
            if (System.nanoTime() - lastLog > 30e9) {
                lastLog = System.nanoTime();
                log("apply: %d of %d records (%s %%) after %.0f s", status.num("recordsProcessed"), total,
                        status.str("percent"), (lastLog - t0) / 1e9);
            }
            Thread.sleep((long) (poll * 1000));
        }
        long t2 = System.nanoTime();
        System.out.println("MARK applied " + System.currentTimeMillis());
        double staging = (t1 - t0) / 1e9;
        double overall = (t2 - t0) / 1e9;
        double apply = (t2 - t1) / 1e9;
        log("apply: completed %.1f s after the upload answered, %.1f s in all", apply, overall);

        Map<String, Long> got = new LinkedHashMap<>();
        long sum = 0;
        for (String k : OUTCOMES) {
            got.put(k, status.num(k));
            sum += status.num(k);
        }
        Map<String, Long> want = new LinkedHashMap<>();
        for (String l : Files.readAllLines(dir.resolve("expected.txt"))) {
            String[] kv = l.split("=");
            want.put(kv[0], Long.parseLong(kv[1]));
        }
        StringBuilder outcomes = new StringBuilder();
        for (String k : OUTCOMES) {
            outcomes.append(' ').append(k).append('=').append(got.get(k));
            if (!got.get(k).equals(want.get(k))) {
                problems.add("outcome " + k + ": the file made " + got.get(k) + ", the generator expected " + want.get(k));
            }
        }
        if (sum != total || status.num("recordsProcessed") != total) {
            problems.add("outcomes sum to " + sum + " and " + status.num("recordsProcessed") + " are processed, of "
                    + total + " records");
        }
        Resp ledger = must(base, "GET", "/v1/platform/ledger/verification", admin, null);
        boolean balanced = ledger.body().contains("\"balanced\":true");
        if (!balanced) {
            problems.add("ledger verification after the file: " + ledger.body());
        }
        Map<String, String> balances = balances(base, tenant[1], cards);

        // the same bytes again: the same file, nothing applied twice
        long t3 = System.nanoTime();
        Resp again = post(base, admin, file, day);
        long t4 = System.nanoTime();
        Resp status2 = must(base, "GET", "/v1/platform/clearing-files/" + id, admin, null);
        Thread.sleep(2000); // a worker tick or more: had the resend staged anything, it would show
        Resp status3 = must(base, "GET", "/v1/platform/clearing-files/" + id, admin, null);
        Resp ledger2 = must(base, "GET", "/v1/platform/ledger/verification", admin, null);
        Map<String, String> balances2 = balances(base, tenant[1], cards);
        Resp list = must(base, "GET", "/v1/platform/clearing-files?limit=10", admin, null);
        int files = countOf(list.body(), "\"id\":\"cf_");
        boolean sameId = id.equals(again.str("id"));
        boolean sameCounts = stripTimes(status.body()).equals(stripTimes(status3.body()))
                && stripTimes(status.body()).equals(stripTimes(status2.body()));
        boolean sameLedger = ledger.body().equals(ledger2.body());
        boolean sameBalances = balances.equals(balances2);
        if (again.status() != 200 || !sameId) {
            problems.add("the re-sent file answered " + again.status() + " with id " + again.str("id") + " (first: " + id + ")");
        }
        if (!sameCounts) {
            problems.add("the file's status changed after the re-send: " + status3.body());
        }
        if (!sameLedger) {
            problems.add("the ledger verification changed after the re-send: " + ledger2.body());
        }
        if (!sameBalances) {
            problems.add("card balances changed after the re-send");
        }
        if (files != 1) {
            problems.add("the platform lists " + files + " clearing files after the re-send, not 1");
        }

        System.out.printf(Locale.ROOT, "RESULT file=%s records=%d staging_s=%.3f apply_s=%.3f overall_s=%.3f "
                        + "staging_rps=%.1f apply_rps=%.1f overall_rps=%.1f resend_status=%d resend_s=%.3f%n",
                id, total, staging, apply, overall, total / staging, total / apply, total / overall, again.status(),
                (t4 - t3) / 1e9);
        System.out.println("OUTCOMES" + outcomes + " sum=" + sum);
        System.out.println("EXPECTED " + want.toString().replaceAll("[{}]", "").replace(", ", " "));
        System.out.println("LEDGER " + (balanced ? "balanced=true " : "balanced=false ") + ledger.body());
        System.out.println("RESEND status=" + again.status() + " same_id=" + sameId + " status_unchanged=" + sameCounts
                + " ledger_unchanged=" + sameLedger + " card_balances_unchanged=" + sameBalances + " files_listed=" + files);
        for (String p : problems) {
            System.out.println("PROBLEM " + p);
        }
        System.out.println("CHECKS " + (problems.isEmpty() ? "ok" : "failed"));
    }

    static Resp post(String base, String admin, Path file, String day) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/platform/clearing-files?settlementDate=" + day))
                .timeout(Duration.ofMinutes(60)).header("Authorization", "Bearer " + admin)
                .header("Accept", "application/json").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Resp(resp.statusCode(), resp.body());
    }

    static Map<String, String> balances(String base, String key, List<String> cards) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : cards) {
            Resp b = must(base, "GET", "/v1/cards/" + c + "/balance", key, null);
            out.put(c, b.str("posted") + "/" + b.str("available"));
        }
        return out;
    }

    static String stripTimes(String body) {
        return body.replaceAll("\"(requestId|timestamp)\":\"[^\"]*\"", "");
    }

    static int countOf(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
