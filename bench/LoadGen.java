import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Closed-loop HTTP load generator for Emboss. Single file, no dependencies, Java 17:
 *
 * <pre>
 *   java bench/LoadGen.java --base http://127.0.0.1:8080 --admin-token adm_... \
 *        --scenarios topup-many,topup-hot --clients 1,16,64 --seconds 10 --warmup 2
 * </pre>
 *
 * <p>Phases: (1) setup through the public API (a fresh tenant with a raised rate limit, a card
 * product, customers approved and funded, cards), (2) a JIT warm-up of the fresh server (every
 * scenario at its largest client count, not measured), then for every row (scenario and client
 * count) a short warm-up and a measured run, each client a keep-alive connection sending its next
 * request when the previous one answered (all clients on one selector thread: {@link NioLoad}),
 * then, with the probe options, a settle and the row's counters ({@link Probe}), (3) checks after
 * the runs (scenario-specific, e.g. card balances, and the platform's ledger verification).
 *
 * <p>Machine-readable output on stdout, one line each (everything else goes to stderr):
 * <pre>
 *   RESULT scenario=topup-many clients=16 requests=1234 ok=1234 errors=0 declined=0 seconds=10.003 ops=123.4 p50=1.234 p99=5.678 p999=9.876 max=12.345 \
 *          window_ok=1500 commits=4650 statements=21300 dealloc=0 batches=na batch_sum=na batch_le=na rss_mb=436 gen_cpu=0.60 server_cpu=10.80 pg_cpu=8.20
 *   STATEMENT topup-many 16 1.000 INSERT INTO ...   (with --top-statements)
 *   CHECK name=... ok=true detail=...
 *   PROBLEM ...   (a failed check's first mismatches)
 *   LEDGER balanced=true accounts=... transfers=...
 * </pre>
 * Latencies are in milliseconds, per request from just before sending to the complete response
 * body (System.nanoTime()); percentiles are exact nearest-rank values of the sorted samples of
 * the measured run: pX = sorted[ceil(X/100 * n) - 1].
 *
 * <p>To add a scenario (e.g. authorizations through {@code POST /v1/simulate/authorizations}),
 * add an entry to {@link #SCENARIOS}: a factory from the {@link Fixture} and the largest client
 * count to a {@link Scenario} that names the request of client {@code i}'s {@code n}-th call,
 * says what a successful answer contains and optionally checks the end state.
 *
 * <p>Exit codes: 0 all fine, 1 usage or setup failure, 2 a check failed (ledger not balanced,
 * balances not what the successful requests imply).
 */
public class LoadGen {

    // ------------------------------------------------------------------ scenarios

    /** One HTTP call of a measured run; with the tenant's API key unless anonymous. */
    record Call(String method, String path, String body, boolean anonymous) {
        Call(String method, String path, String body) {
            this(method, path, body, false);
        }
    }

    /** A workload: what client {@code client} sends as its {@code seq}-th request. */
    interface Scenario {
        Call next(int client, long seq);

        /** Besides a 2xx status, what the response body must contain to count as a success (null: nothing). */
        default String expect() {
            return null;
        }

        /**
         * What a response body that is a decline (a 2xx that is not a success) contains, for the RESULT
         * line's {@code declined=} count (null: the scenario has no declines; they are counted as errors anyway).
         */
        default String declineMarker() {
            return null;
        }

        /** Before each row of this scenario (its JIT warm-up, its warm-up): put the tenant in the state it runs in. */
        default void prepare() throws Exception {
        }

        /** Called for every successful response (e.g. to count what should have been applied). */
        default void succeeded(int client, long seq, Call call) {
        }

        /** After all runs: checks the end state; returns problems (empty when fine). */
        default List<String> verify() throws Exception {
            return List.of();
        }

        /** What {@link #verify} checks, for the report. */
        default String checks() {
            return "nothing to check";
        }
    }

    /** Scenario name → factory (fixture, largest client count). Add new workloads here. */
    static final Map<String, ScenarioFactory> SCENARIOS = new LinkedHashMap<>();

    interface ScenarioFactory {
        Scenario create(Fixture fixture, int maxClients) throws Exception;
    }

    static {
        // one card (and one customer, one wallet) per client: no shared row between clients
        SCENARIOS.put("topup-many", (fx, maxClients) -> new TopupScenario(fx, fx.cards(maxClients)));
        // every client tops up the same card from the same wallet: the hot-row case
        SCENARIOS.put("topup-hot", (fx, maxClients) -> new TopupScenario(fx, List.of(fx.hotCard())));
        // authorizations through the sandbox simulator (issue 6): client i on its own funded card,
        // and every client on one funded card (the hot card)
        // (cards of their own, so a top-up scenario in the same run does not move their balances)
        SCENARIOS.put("authorize-many", (fx, maxClients) -> new AuthorizeScenario(fx, fx.freshCards(maxClients)));
        SCENARIOS.put("authorize-hot", (fx, maxClients) -> new AuthorizeScenario(fx, fx.freshCards(1)));
        // authorization rules (issue 16): authorize-many's load on one set of cards of their own, run without
        // any rule on the tenant (authorize-norules) and with the 10 active rules of RuleSet (authorize-rules);
        // each row switches the rules on or off before its warm-up, so rows may alternate (norules, rules,
        // norules) on the same cards and balances
        SCENARIOS.put("authorize-norules", (fx, maxClients) -> new RuleToggledScenario(fx.rulesLoad(), fx.ruleSet(), false));
        SCENARIOS.put("authorize-rules", (fx, maxClients) -> new RuleToggledScenario(fx.rulesLoad(), fx.ruleSet(), true));
        // 0100 authorizations over the ISO 8583 front (issue 7), through tools/Iso8583Client.java: the
        // same concurrency as the HTTP clients, spread over up to --iso-connections persistent connections
        SCENARIOS.put("iso8583-authorize", (fx, maxClients) -> new Iso8583Scenario(fx, fx.freshCards(64)));
        // not in the default set, for comparison: the ceiling of HTTP server + load generator (no
        // authentication, no transaction), and an authenticated read (authentication, rate limit,
        // audit filter and a read of the card's balance; no ledger write), client i on card i
        SCENARIOS.put("health", (fx, maxClients) ->
                (client, seq) -> new Call("GET", "/actuator/health/liveness", null, true));
        SCENARIOS.put("card-balance", (fx, maxClients) -> {
            List<Fixture.CardRef> cards = fx.cards(maxClients);
            return new Scenario() {
                @Override
                public Call next(int client, long seq) {
                    return new Call("GET", "/v1/cards/" + cards.get(client % cards.size()).id + "/balance", null);
                }

                @Override
                public String expect() {
                    return "\"success\":true";
                }
            };
        });
    }

    /**
     * {@code POST /v1/simulate/authorizations} for {@code amount} on card i mod n; each card is first
     * funded with a top-up large enough for the whole run. Every approval holds the amount, so a
     * card's available balance must end at funding − approvals × amount.
     */
    static final class AuthorizeScenario implements Scenario {
        private static final String FUNDING = "100000.00";
        private final List<Fixture.CardRef> cards;
        private final Fixture fx;
        private final java.util.Map<String, BigDecimal> availableBefore = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<String, AtomicLong> approvals = new java.util.concurrent.ConcurrentHashMap<>();

        @SuppressWarnings("unchecked")
        AuthorizeScenario(Fixture fx, List<Fixture.CardRef> cards) throws Exception {
            this.fx = fx;
            this.cards = cards;
            for (Fixture.CardRef c : cards) {
                if (!fx.funded.contains(c.id)) {
                    fx.api.must("POST", "/v1/cards/" + c.id + "/topups", fx.key, Json.obj("amount", FUNDING));
                    fx.funded.add(c.id);
                }
                Map<String, Object> b = fx.api.must("GET", "/v1/cards/" + c.id + "/balance", fx.key, null);
                availableBefore.put(c.id, new BigDecimal((String) b.get("available")));
                approvals.put(c.id, new AtomicLong());
            }
        }

        private Fixture.CardRef card(int client) {
            return cards.get(client % cards.size());
        }

        @Override
        public Call next(int client, long seq) {
            return new Call("POST", "/v1/simulate/authorizations", "{\"cardId\":\"" + card(client).id
                    + "\",\"amount\":\"" + fx.opts.amount + "\",\"currency\":\"USD\",\"merchant\":"
                    + "{\"name\":\"Bench Coffee\",\"mcc\":\"5814\",\"country\":\"US\"}}");
        }

        @Override
        public String expect() {
            return "\"approved\":true";
        }

        @Override
        public String declineMarker() {
            return "\"approved\":false";
        }

        @Override
        public void succeeded(int client, long seq, Call call) {
            approvals.get(card(client).id).incrementAndGet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> verify() throws Exception {
            List<String> problems = new ArrayList<>();
            BigDecimal amount = new BigDecimal(fx.opts.amount);
            for (Fixture.CardRef c : cards) {
                Map<String, Object> b = fx.api.must("GET", "/v1/cards/" + c.id + "/balance", fx.key, null);
                BigDecimal available = new BigDecimal((String) b.get("available"));
                long approved = approvals.get(c.id).get();
                BigDecimal expected = availableBefore.get(c.id).subtract(amount.multiply(BigDecimal.valueOf(approved)));
                if (available.compareTo(expected) != 0) {
                    problems.add("card " + c.id + " available " + available + " but " + approved
                            + " approvals of " + amount + " from " + availableBefore.get(c.id) + " make " + expected);
                }
            }
            return problems;
        }

        @Override
        public String checks() {
            return "each card's available balance = before − approvals x amount (" + cards.size() + " cards)";
        }
    }

    /**
     * The authorize-many load (one shared {@link AuthorizeScenario}: its cards, balances and approval counts
     * are the same whichever of the two scenarios ran) with the tenant's rules switched on or off first.
     */
    static final class RuleToggledScenario implements Scenario {
        private final AuthorizeScenario load;
        private final RuleSet rules;
        private final boolean withRules;

        RuleToggledScenario(AuthorizeScenario load, RuleSet rules, boolean withRules) {
            this.load = load;
            this.rules = rules;
            this.withRules = withRules;
        }

        @Override
        public void prepare() throws Exception {
            if (withRules) {
                rules.activate();
            } else {
                rules.deactivate();
            }
        }

        @Override
        public Call next(int client, long seq) {
            return load.next(client, seq);
        }

        @Override
        public String expect() {
            return load.expect();
        }

        @Override
        public String declineMarker() {
            return load.declineMarker();
        }

        @Override
        public void succeeded(int client, long seq, Call call) {
            load.succeeded(client, seq, call);
        }

        @Override
        public List<String> verify() throws Exception {
            return load.verify();
        }

        @Override
        public String checks() {
            return load.checks() + (withRules ? ", with and without rules" : "");
        }
    }

    /**
     * The 10 active rules of issue 16's performance requirement, none of which declines the load's
     * purchases ({@link AuthorizeScenario}: USD, "Bench Coffee", MCC 5814, US, in person): 8 conditional
     * blocks on other attributes' values, a card-scope velocity limit far above what a run reaches
     * (its windows are read and written on every approval) and a merchant lock that admits MCC 5814.
     * {@link #activate} creates them (new rules each time), {@link #deactivate} deletes them (DELETE makes a
     * rule inactive: it no longer runs). Printed as {@code RULES active=N} lines.
     */
    static final class RuleSet {
        static final List<String> BODIES = List.of(
                "{\"name\":\"No gambling\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"mcc\",\"operation\":\"is_one_of\",\"value\":[\"7995\",\"7800\",\"7801\",\"7802\"]}]}}",
                "{\"name\":\"Sanctioned countries\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"merchant_country\",\"operation\":\"is_one_of\",\"value\":[\"KP\",\"IR\",\"SY\",\"CU\"]}]}}",
                "{\"name\":\"Large purchases\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"amount\",\"operation\":\"greater_than\",\"value\":\"5000.00\"}]}}",
                "{\"name\":\"Casino names\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"merchant_name\",\"operation\":\"matches\",\"value\":\"(?i)casino|lottery|betting\"}]}}",
                "{\"name\":\"Foreign currencies\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"merchant_currency\",\"operation\":\"is_one_of\",\"value\":[\"RUB\",\"IRR\",\"KPW\"]}]}}",
                "{\"name\":\"Blocked merchants\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"merchant_id\",\"operation\":\"is_one_of\",\"value\":[\"m-fraud-1\",\"m-fraud-2\"]}]}}",
                "{\"name\":\"Crypto over 100\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"mcc\",\"operation\":\"is_one_of\",\"value\":[\"6051\"]},"
                        + "{\"attribute\":\"amount\",\"operation\":\"greater_than\",\"value\":\"100.00\"}]}}",
                "{\"name\":\"Old cards\",\"type\":\"conditional_block\",\"parameters\":{\"conditions\":["
                        + "{\"attribute\":\"card_age_days\",\"operation\":\"greater_than\",\"value\":3650}]}}",
                "{\"name\":\"Card velocity\",\"type\":\"velocity_limit\",\"parameters\":{\"window\":{\"seconds\":60},"
                        + "\"countLimit\":1000000,\"scope\":\"card\"}}",
                "{\"name\":\"Suppliers\",\"type\":\"merchant_lock\",\"parameters\":{\"merchants\":["
                        + "{\"mcc\":\"5411\"},{\"mcc\":\"5814\"},{\"name\":\"Bench Supplies\"}]}}");

        private final Fixture fx;
        private final List<String> active = new ArrayList<>();

        RuleSet(Fixture fx) {
            this.fx = fx;
        }

        synchronized void activate() throws Exception {
            if (active.isEmpty()) {
                for (String body : BODIES) {
                    active.add((String) fx.api.must("POST", "/v1/auth-rules", fx.key, body).get("id"));
                }
            }
            report();
        }

        synchronized void deactivate() throws Exception {
            for (String id : active) {
                fx.api.must("DELETE", "/v1/auth-rules/" + id, fx.key, null);
            }
            active.clear();
            report();
        }

        /** What the tenant has active now, as the API lists it. */
        @SuppressWarnings("unchecked")
        private void report() throws Exception {
            Map<String, Object> page = fx.api.must("GET", "/v1/auth-rules?state=active&limit=100", fx.key, null);
            Object items = page.get("items");
            int n = items instanceof List<?> l ? l.size() : -1;
            if (n != active.size()) {
                throw new IllegalStateException("the tenant has " + n + " active rules, expected " + active.size());
            }
            System.out.println("RULES active=" + n);
            log("rules: %d active", n);
        }
    }

    /** A workload that drives the server itself (not through HTTP calls): it returns its RESULT line. */
    interface ExternalLoad {
        /** The measured run's RESULT line, the approvals of its warm-up and measured run, its CPU. */
        record Measured(String line, long windowApprovals, Probe.Cpu cpu) {
        }

        Measured measure(int clients, double seconds, Probe probe) throws Exception;
    }

    /**
     * 0100 authorizations of {@code amount} over ISO 8583, run by {@code tools/Iso8583Client.java --load}
     * as a child process: C requests in flight (C = the client count) over min(C, --iso-connections)
     * persistent connections, round-robin over 64 funded cards. Every approval holds the amount, so
     * the cards' available balances must together end at funding − approvals × amount.
     */
    static final class Iso8583Scenario implements Scenario, ExternalLoad {
        private final Fixture fx;
        private final List<Fixture.CardRef> cards;
        private final java.nio.file.Path cardFile;
        private final Map<String, BigDecimal> availableBefore = new LinkedHashMap<>();
        private final AtomicLong approvals = new AtomicLong();
        /** Answers other than 00 (warm-ups included), by response code: a 96 whose hold was kept shows here. */
        private final Map<String, Long> otherCodes = new java.util.TreeMap<>();

        @SuppressWarnings("unchecked")
        Iso8583Scenario(Fixture fx, List<Fixture.CardRef> cards) throws Exception {
            if (fx.opts.iso8583 == null) {
                throw new IllegalArgumentException("iso8583-authorize needs --iso8583 HOST:PORT");
            }
            this.fx = fx;
            this.cards = cards;
            this.cardFile = java.nio.file.Files.createTempFile("emboss-iso-cards", ".txt");
            cardFile.toFile().deleteOnExit();
            StringBuilder lines = new StringBuilder();
            for (Fixture.CardRef c : cards) {
                fx.api.must("POST", "/v1/cards/" + c.id + "/topups", fx.key, Json.obj("amount", "100000.00"));
                Map<String, Object> d = fx.api.must("GET", "/v1/cards/" + c.id + "/details", fx.key, null);
                lines.append(d.get("number")).append(' ').append(String.format("%02d%02d",
                        ((BigDecimal) d.get("expiryYear")).intValue() % 100,
                        ((BigDecimal) d.get("expiryMonth")).intValue())).append('\n');
                Map<String, Object> b = fx.api.must("GET", "/v1/cards/" + c.id + "/balance", fx.key, null);
                availableBefore.put(c.id, new BigDecimal((String) b.get("available")));
            }
            java.nio.file.Files.writeString(cardFile, lines);
        }

        @Override
        public Call next(int client, long seq) {
            throw new UnsupportedOperationException("runs through the ISO 8583 client");
        }

        /**
         * Runs the client's warm-up and measured run in one child JVM. The measured run starts when the
         * child reports its warm-up on stderr and ends when it prints its RESULT line: the CPU of the
         * child, the server and PostgreSQL is sampled at those two moments.
         */
        @Override
        public Measured measure(int clients, double seconds, Probe probe) throws Exception {
            int connections = Math.min(clients, fx.opts.isoConnections);
            int inFlight = (clients + connections - 1) / connections;
            String[] hostPort = fx.opts.iso8583.split(":");
            String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(javaBin, fx.opts.isoClient, "--load", "--host", hostPort[0], "--port",
                    hostPort[1], "--cards", cardFile.toString(), "--connections", Integer.toString(connections),
                    "--in-flight", Integer.toString(inFlight), "--seconds", Double.toString(seconds), "--warmup", Double.toString(fx.opts.warmup),
                    "--amount", fx.opts.amount, "--name", "iso8583-authorize").start();
            // a benchmark stopped half-way (TERM) takes its client with it
            Thread reaper = new Thread(p::destroy);
            Runtime.getRuntime().addShutdownHook(reaper);
            Probe.Cpu launched = probe.cpu(p.pid());
            java.util.concurrent.atomic.AtomicReference<Probe.Cpu> warmedUp = new java.util.concurrent.atomic.AtomicReference<>();
            Thread stderr = new Thread(() -> {
                try (var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = err.readLine()) != null; ) {
                        if (line.startsWith("warm-up ")) {
                            warmedUp.compareAndSet(null, probe.cpu(p.pid()));
                        }
                        System.err.println(line);
                    }
                } catch (IOException e) {
                    // the child is gone: its exit status tells
                }
            }, "iso-client-stderr");
            stderr.start();
            StringBuilder out = new StringBuilder();
            String result = null;
            Probe.Cpu finished = null;
            long windowApprovals = 0;
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.append(line).append('\n');
                    if (line.startsWith("RESULT ")) {
                        // read at once: the child prints two more lines and exits, and its /proc entry goes with it
                        finished = probe.cpu(p.pid());
                        result = line;
                    } else if (line.startsWith("APPROVALS total=")) {
                        windowApprovals = Long.parseLong(line.substring("APPROVALS total=".length()).trim());
                        approvals.addAndGet(windowApprovals);
                    } else if (line.startsWith("CODES ")) {
                        log("  iso8583 response codes: %s", line.substring(6));
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=(\\d+)").matcher(line);
                        while (m.find()) {
                            if (!m.group(1).equals("00")) {
                                otherCodes.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
                            }
                        }
                    }
                }
            }
            int rc = p.waitFor();
            stderr.join();
            Runtime.getRuntime().removeShutdownHook(reaper);
            if (rc != 0) {
                throw new IllegalStateException("the ISO 8583 client failed: " + out);
            }
            if (result == null) {
                throw new IllegalStateException("no RESULT from the ISO 8583 client: " + out);
            }
            Probe.Cpu start = warmedUp.get() != null ? warmedUp.get() : launched;
            return new Measured(result, windowApprovals, finished.minus(start));
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> verify() throws Exception {
            BigDecimal spent = BigDecimal.ZERO;
            for (Fixture.CardRef c : cards) {
                Map<String, Object> b = fx.api.must("GET", "/v1/cards/" + c.id + "/balance", fx.key, null);
                spent = spent.add(availableBefore.get(c.id).subtract(new BigDecimal((String) b.get("available"))));
            }
            BigDecimal expected = new BigDecimal(fx.opts.amount).multiply(BigDecimal.valueOf(approvals.get()));
            return spent.compareTo(expected) == 0 ? List.of() : List.of("the cards' available balances fell by "
                    + spent + " but " + approvals.get() + " approvals of " + fx.opts.amount + " make " + expected
                    + (otherCodes.isEmpty() ? "" : "; answers other than 00: " + otherCodes));
        }

        @Override
        public String checks() {
            return "the cards' available balances together = before − approvals x amount (" + cards.size()
                    + " cards)";
        }
    }

    /** {@code POST /v1/cards/{id}/topups {"amount": ...}}, client i on card i mod n. */
    static final class TopupScenario implements Scenario {
        private final Fixture fx;
        private final List<Fixture.CardRef> cards;
        private final String body;

        TopupScenario(Fixture fx, List<Fixture.CardRef> cards) {
            this.fx = fx;
            this.cards = cards;
            this.body = Json.obj("amount", fx.opts.amount);
        }

        private Fixture.CardRef card(int client) {
            return cards.get(client % cards.size());
        }

        @Override
        public Call next(int client, long seq) {
            return new Call("POST", "/v1/cards/" + card(client).id + "/topups", body);
        }

        @Override
        public String expect() {
            return "\"status\":\"completed\"";
        }

        @Override
        public void succeeded(int client, long seq, Call call) {
            card(client).topups.incrementAndGet();
        }

        @Override
        public List<String> verify() throws Exception {
            return fx.verifyCardBalances(cards);
        }

        @Override
        public String checks() {
            return "each card's posted balance = its successful top-ups x amount (" + cards.size() + " cards)";
        }
    }

    // ------------------------------------------------------------------ options

    /** A scenario and the client counts it runs at: {@code name} (the --clients counts) or {@code name:64:256}. */
    record Spec(String name, int[] clients) {
        int maxClients() {
            return Arrays.stream(clients).max().getAsInt();
        }
    }

    static final class Options {
        String base;
        String adminToken;
        List<String> scenarioArgs = List.of("topup-many", "topup-hot");
        List<Spec> scenarios;
        int[] clients = {1, 16, 64};
        double seconds = 10;
        double warmup = 2;
        double jitWarmup = 10;
        String amount = "10.00";
        String walletFunding = "1000000";
        int setupThreads = 8;
        int timeoutMs = 30_000;
        int errorBodies = 5;
        boolean idempotencyKeys;
        String iso8583;
        int isoConnections = 4;
        String isoClient = "tools/Iso8583Client.java";
        /** nio: every client's connection on one selector thread (cheap); jdk: java.net.http, one thread per client. */
        String httpClient = "nio";
        long serverPid;
        long pgPid;
        String pgStatsDb;
        String metricsPath = "/actuator/prometheus";
        String batchMetric = "emboss_pipeline_batch_size";
        double settle;
        int clkTck = 100;
        int topStatements;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--idempotency-keys")) {
                    o.idempotencyKeys = true;
                    continue;
                }
                if (a.equals("-h") || a.equals("--help")) {
                    usage(null);
                }
                if (i + 1 >= args.length) {
                    usage("missing value for " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--base" -> o.base = v.replaceAll("/+$", "");
                    case "--admin-token" -> o.adminToken = v;
                    case "--scenarios" -> o.scenarioArgs = List.of(v.trim().split("[,\\s]+"));
                    case "--clients" -> o.clients = counts(v.trim().split("[,\\s]+"));
                    case "--seconds" -> o.seconds = Double.parseDouble(v);
                    case "--warmup" -> o.warmup = Double.parseDouble(v);
                    case "--jit-warmup" -> o.jitWarmup = Double.parseDouble(v);
                    case "--amount" -> o.amount = v;
                    case "--wallet-funding" -> o.walletFunding = v;
                    case "--setup-threads" -> o.setupThreads = Integer.parseInt(v);
                    case "--timeout-ms" -> o.timeoutMs = Integer.parseInt(v);
                    case "--error-bodies" -> o.errorBodies = Integer.parseInt(v);
                    case "--iso8583" -> o.iso8583 = v;
                    case "--iso-connections" -> o.isoConnections = Integer.parseInt(v);
                    case "--iso-client" -> o.isoClient = v;
                    case "--http-client" -> o.httpClient = v;
                    case "--server-pid" -> o.serverPid = Long.parseLong(v);
                    case "--pg-pid" -> o.pgPid = Long.parseLong(v);
                    case "--pg-stats" -> o.pgStatsDb = v;
                    case "--metrics" -> o.metricsPath = v;
                    case "--batch-metric" -> o.batchMetric = v;
                    case "--settle" -> o.settle = Double.parseDouble(v);
                    case "--clk-tck" -> o.clkTck = Integer.parseInt(v);
                    case "--top-statements" -> o.topStatements = Integer.parseInt(v);
                    default -> usage("unknown option " + a);
                }
            }
            if (o.base == null || o.adminToken == null) {
                usage("--base and --admin-token are required");
            }
            if (!o.httpClient.equals("nio") && !o.httpClient.equals("jdk")) {
                usage("--http-client is nio or jdk");
            }
            if (o.pgStatsDb != null && !o.pgStatsDb.matches("[a-z_][a-z0-9_]*")) {
                usage("--pg-stats takes a plain database name");
            }
            o.scenarios = new ArrayList<>();
            for (String s : o.scenarioArgs) {
                String[] parts = s.split(":");
                if (!SCENARIOS.containsKey(parts[0])) {
                    usage("unknown scenario " + parts[0] + " (known: " + SCENARIOS.keySet() + ")");
                }
                o.scenarios.add(new Spec(parts[0], parts.length > 1
                        ? counts(Arrays.copyOfRange(parts, 1, parts.length)) : o.clients));
            }
            if (o.scenarios.stream().anyMatch(sp -> sp.clients().length == 0
                    || Arrays.stream(sp.clients()).anyMatch(c -> c < 1)) || o.seconds <= 0 || o.warmup < 0
                    || o.jitWarmup < 0 || o.settle < 0) {
                usage("clients must be >= 1, seconds > 0, warmups and settle >= 0");
            }
            return o;
        }

        private static int[] counts(String[] values) {
            try {
                return Arrays.stream(values).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                usage("client counts are whole numbers: " + String.join(",", values));
                return null;
            }
        }

        static void usage(String problem) {
            if (problem != null) {
                System.err.println("LoadGen: " + problem);
            }
            System.err.println("usage: java bench/LoadGen.java --base URL --admin-token TOKEN [--scenarios "
                    + String.join(",", SCENARIOS.keySet()) + "]\n"
                    + "       (a scenario may name its own client counts: authorize-many:64:256)\n"
                    + "       [--clients 1,16,64] [--seconds 10] [--warmup 2]\n"
                    + "       [--jit-warmup 10] [--amount 10.00] [--wallet-funding 1000000] [--setup-threads 8] [--timeout-ms 30000]\n"
                    + "       [--error-bodies 5] [--idempotency-keys] [--iso8583 HOST:PORT] [--iso-connections 4]\n"
                    + "       [--iso-client tools/Iso8583Client.java] [--http-client nio|jdk]\n"
                    + "       probes per row: [--server-pid PID] [--pg-pid POSTMASTER_PID] [--pg-stats DBNAME (psql, PG* env)]\n"
                    + "       [--metrics /actuator/prometheus] [--batch-metric emboss_pipeline_batch_size] [--settle 11] [--clk-tck 100]\n"
                    + "       [--top-statements N] (each row's N most frequent statements, per approval)");
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ HTTP

    record Resp(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Object json() {
            return Json.parse(body);
        }
    }

    static final class Api {
        final String base;
        final HttpClient http;
        final Duration timeout;

        Api(Options o) {
            this.base = o.base;
            this.timeout = Duration.ofMillis(o.timeoutMs);
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpRequest request(String method, String path, String token, String body, String idempotencyKey) {
            // the metrics page is Prometheus text: asked for JSON, the actuator answers 406
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Accept", path.startsWith("/actuator/prometheus") ? "text/plain" : "application/json");
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return b.build();
        }

        Resp send(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body());
        }

        Resp call(String method, String path, String token, String body) throws IOException, InterruptedException {
            return send(request(method, path, token, body, null));
        }

        /** A setup call that must succeed; returns the envelope's {@code data}. */
        @SuppressWarnings("unchecked")
        Map<String, Object> must(String method, String path, String token, String body) throws Exception {
            Resp r = call(method, path, token, body);
            if (!r.ok()) {
                throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
            }
            Object data = ((Map<String, Object>) r.json()).get("data");
            return data instanceof Map ? (Map<String, Object>) data : Map.of();
        }
    }

    // ------------------------------------------------------------------ setup

    /** What the scenarios run against, created through the API: tenant, product, customers, cards. */
    static final class Fixture {
        static final class CardRef {
            final String id;
            final String customerId;
            final AtomicLong topups = new AtomicLong();

            CardRef(String id, String customerId) {
                this.id = id;
                this.customerId = customerId;
            }
        }

        final Options opts;
        final Api api;
        final String run = Long.toString(System.currentTimeMillis(), 36);
        String tenantId;
        String key;
        String productId;
        final List<CardRef> cards = new ArrayList<>();
        /** Cards already funded by an authorization scenario. */
        final java.util.Set<String> funded = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CardRef hot;
        private final AtomicInteger customerSeq = new AtomicInteger();

        Fixture(Options opts, Api api) {
            this.opts = opts;
            this.api = api;
        }

        /** A tenant of its own (sandbox key), with a rate limit that the benchmark cannot reach. */
        void tenant() throws Exception {
            Map<String, Object> t = api.must("POST", "/v1/platform/tenants", opts.adminToken,
                    Json.obj("name", "Bench " + run, "adminEmail", "bench-" + run + "@bench.test",
                            "adminPassword", "bench passphrase " + run));
            tenantId = (String) t.get("id");
            key = (String) t.get("sandboxApiKey");
            api.must("PATCH", "/v1/platform/tenants/" + tenantId, opts.adminToken,
                    "{\"rateLimitPerHour\":100000000}");
            log("setup: tenant %s", tenantId);
        }

        /** A USD virtual product with a realistic fee and a maxBalance no run reaches. */
        String product() throws Exception {
            if (productId == null) {
                Map<String, Object> p = api.must("POST", "/v1/card-products", key, "{"
                        + "\"name\":\"Bench USD virtual\",\"network\":\"visa\",\"formFactor\":\"virtual\","
                        + "\"currency\":\"USD\",\"issuanceFee\":\"0\","
                        + "\"topupFee\":{\"fixed\":\"0.10\",\"percent\":\"1\"},"
                        + "\"minTopup\":\"1\",\"maxBalance\":\"100000000\","
                        + "\"limits\":{\"perTransaction\":\"100000\",\"daily\":\"1000000\",\"monthly\":\"10000000\"},"
                        + "\"validityMonths\":36,\"settlementMode\":\"instant\"}");
                productId = (String) p.get("id");
                log("setup: product %s", productId);
            }
            return productId;
        }

        /** A customer approved in KYC with {@code walletFunding} USD in the wallet, and a card. */
        CardRef newCard() throws Exception {
            int n = customerSeq.incrementAndGet();
            Map<String, Object> c = api.must("POST", "/v1/customers", key,
                    Json.obj("name", "Bench Customer " + n, "email", "c" + n + "-" + run + "@bench.test"));
            String customerId = (String) c.get("id");
            api.must("POST", "/v1/simulate/customers/" + customerId + "/kyc", key, "{\"decision\":\"approved\"}");
            api.must("POST", "/v1/simulate/deposits", key,
                    Json.obj("customerId", customerId, "currency", "USD", "amount", opts.walletFunding));
            Map<String, Object> card = api.must("POST", "/v1/cards", key,
                    Json.obj("customerId", customerId, "productId", product()));
            return new CardRef((String) card.get("id"), customerId);
        }

        /** At least {@code n} cards, each of its own customer; returns the first n. */
        synchronized List<CardRef> cards(int n) throws Exception {
            product();
            int missing = n - cards.size();
            if (missing > 0) {
                long t0 = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(opts.setupThreads, missing)));
                try {
                    List<Future<CardRef>> made = new ArrayList<>();
                    for (int i = 0; i < missing; i++) {
                        made.add(pool.submit(this::newCard));
                    }
                    for (Future<CardRef> f : made) {
                        cards.add(f.get());
                    }
                } finally {
                    pool.shutdownNow();
                }
                log("setup: %d cards (each its own customer and wallet) in %.1f s", missing,
                        (System.nanoTime() - t0) / 1e9);
            }
            return List.copyOf(cards.subList(0, n));
        }

        /** {@code n} new cards that no other scenario uses. */
        List<CardRef> freshCards(int n) throws Exception {
            product();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(opts.setupThreads, n)));
            try {
                List<Future<CardRef>> made = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    made.add(pool.submit(this::newCard));
                }
                List<CardRef> out = new ArrayList<>();
                for (Future<CardRef> f : made) {
                    out.add(f.get());
                }
                return out;
            } finally {
                pool.shutdownNow();
            }
        }

        private AuthorizeScenario rulesLoad;
        private RuleSet ruleSet;

        /**
         * The authorize-many load of authorize-rules and authorize-norules: one card per client at the largest
         * client count of either, made once and shared by both.
         */
        synchronized AuthorizeScenario rulesLoad() throws Exception {
            if (rulesLoad == null) {
                int n = opts.scenarios.stream().filter(sp -> sp.name().matches("authorize-(no)?rules"))
                        .mapToInt(Spec::maxClients).max().orElse(1);
                rulesLoad = new AuthorizeScenario(this, freshCards(n));
                log("setup: %d cards for authorize-rules / authorize-norules", n);
            }
            return rulesLoad;
        }

        synchronized RuleSet ruleSet() {
            if (ruleSet == null) {
                ruleSet = new RuleSet(this);
            }
            return ruleSet;
        }

        /** The one card that every client of a hot scenario hits. */
        synchronized CardRef hotCard() throws Exception {
            if (hot == null) {
                hot = newCard();
                log("setup: hot card %s", hot.id);
            }
            return hot;
        }

        /** Each card's posted balance must be exactly (successful top-ups) x amount. */
        @SuppressWarnings("unchecked")
        List<String> verifyCardBalances(List<CardRef> which) throws Exception {
            List<String> problems = new ArrayList<>();
            BigDecimal amount = new BigDecimal(opts.amount);
            for (CardRef c : which) {
                Map<String, Object> b = api.must("GET", "/v1/cards/" + c.id + "/balance", key, null);
                BigDecimal posted = new BigDecimal((String) b.get("posted"));
                BigDecimal expected = amount.multiply(BigDecimal.valueOf(c.topups.get()));
                if (posted.compareTo(expected) != 0) {
                    problems.add("card " + c.id + " posted " + posted + " but " + c.topups.get() + " successful top-ups of "
                            + amount + " make " + expected);
                }
            }
            return problems;
        }
    }

    // ------------------------------------------------------------------ measured runs

    /** Growable array of longs (latency samples of one client). */
    static final class Samples {
        long[] v = new long[1024];
        int n;

        void add(long x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }
    }

    record Result(String scenario, int clients, long requests, long ok, long errors, long declined, double seconds,
            long[] sorted) {
        double ops() {
            return ok / seconds;
        }

        /** Exact nearest-rank percentile, in ms. */
        double pct(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT,
                    "RESULT scenario=%s clients=%d requests=%d ok=%d errors=%d declined=%d seconds=%.3f ops=%.1f "
                            + "p50=%.3f p99=%.3f p999=%.3f max=%.3f",
                    scenario, clients, requests, ok, errors, declined, seconds, ops(), pct(50), pct(99), pct(99.9),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
        }
    }

    static final AtomicLong transportErrors = new AtomicLong();

    /**
     * Closed-loop HTTP/1.1 clients, all on one selector thread: each client is one keep-alive connection
     * that sends its next request as soon as the previous response is complete. One thread and no
     * hand-offs per request keep the generator's own CPU small beside the server on the same cores
     * (java.net.http costs several thread hand-offs and allocations per request). Parses status line,
     * Content-Length or chunked bodies and "Connection: close" (Tomcat closes after 100 requests on a
     * connection), reconnecting as needed.
     */
    static final class NioLoad {
        private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

        /** One client: its connection and the request in flight. */
        private final class Conn {
            final int client;
            final Samples samples = new Samples();
            SocketChannel ch;
            SelectionKey key;
            ByteBuffer out;
            ByteBuffer in = ByteBuffer.allocate(8 * 1024);
            long seq;
            long t0;
            Call call;
            boolean inFlight;

            Conn(int client) {
                this.client = client;
            }
        }

        private final Options o;
        private final String token;
        private final String name;
        private final Scenario s;
        private final int clients;
        private final byte[] expect;
        private final byte[] declineMarker;
        private final InetSocketAddress address;
        private final String hostHeader;
        private final String keyPrefix;
        private final long timeoutNs;
        private Selector selector;
        private long end;
        private long ok;
        private long errors;
        private long declined;
        private int active;
        private int printed;

        NioLoad(Options o, String token, String name, Scenario s, int clients, String phase) {
            this.o = o;
            this.token = token;
            this.name = name;
            this.s = s;
            this.clients = clients;
            this.expect = s.expect() == null ? null : s.expect().getBytes(StandardCharsets.UTF_8);
            this.declineMarker = s.declineMarker() == null ? null : s.declineMarker().getBytes(StandardCharsets.UTF_8);
            URI base = URI.create(o.base);
            int port = base.getPort() > 0 ? base.getPort() : 80;
            this.address = new InetSocketAddress(base.getHost(), port);
            this.hostHeader = base.getHost() + ":" + port;
            this.keyPrefix = UUID.randomUUID().toString().substring(0, 8) + "-" + phase + "-" + clients + "-";
            this.timeoutNs = o.timeoutMs * 1_000_000L;
        }

        Result run(double seconds) throws IOException {
            Conn[] conns = new Conn[clients];
            selector = Selector.open();
            try {
                long start = System.nanoTime();
                end = start + (long) (seconds * 1e9);
                active = clients;
                for (int i = 0; i < clients; i++) {
                    conns[i] = new Conn(i);
                    send(conns[i]);
                }
                long nextTimeoutScan = start + 100_000_000L;
                while (active > 0) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        handle((Conn) k.attachment(), k);
                    }
                    selector.selectedKeys().clear();
                    long now = System.nanoTime();
                    if (now >= nextTimeoutScan) {
                        nextTimeoutScan = now + 100_000_000L;
                        for (Conn c : conns) {
                            if (c.inFlight && now - c.t0 > timeoutNs) {
                                failed(c, "timeout after " + o.timeoutMs + " ms");
                            }
                        }
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                return new Result(name, clients, ok + errors, ok, errors, declined, elapsed, merged(conns));
            } finally {
                for (Conn c : conns) {
                    if (c != null) {
                        close(c);
                    }
                }
                selector.close();
            }
        }

        private static long[] merged(Conn[] conns) {
            int total = 0;
            for (Conn c : conns) {
                total += c.samples.n;
            }
            long[] all = new long[total];
            int at = 0;
            for (Conn c : conns) {
                System.arraycopy(c.samples.v, 0, all, at, c.samples.n);
                at += c.samples.n;
            }
            Arrays.sort(all);
            return all;
        }

        /** The client's next request, on its open connection or a new one. */
        private void send(Conn c) {
            c.call = s.next(c.client, c.seq);
            c.out = ByteBuffer.wrap(encode(c.call, o.idempotencyKeys ? keyPrefix + c.client + "-" + c.seq : null));
            c.in.clear();
            c.t0 = System.nanoTime();
            c.inFlight = true;
            try {
                if (c.ch == null) {
                    c.ch = SocketChannel.open();
                    c.ch.configureBlocking(false);
                    c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    boolean connected = c.ch.connect(address);
                    c.key = c.ch.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
                    if (!connected) {
                        return;
                    }
                }
                write(c);
            } catch (IOException e) {
                failed(c, e.toString());
            }
        }

        private byte[] encode(Call call, String idempotencyKey) {
            StringBuilder b = new StringBuilder(320).append(call.method()).append(' ').append(call.path())
                    .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\nAccept: application/json\r\n");
            if (!call.anonymous()) {
                b.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (idempotencyKey != null) {
                b.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
            }
            byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
            if (call.body() != null) {
                b.append("Content-Type: application/json\r\n");
            }
            if (call.body() != null || !call.method().equals("GET")) {
                b.append("Content-Length: ").append(body.length).append("\r\n");
            }
            byte[] head = b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }

        private void handle(Conn c, SelectionKey k) {
            try {
                if (!k.isValid()) {
                    return;
                }
                if (k.isConnectable()) {
                    c.ch.finishConnect();
                    write(c);
                } else if (k.isWritable()) {
                    write(c);
                } else if (k.isReadable()) {
                    read(c);
                }
            } catch (IOException e) {
                failed(c, e.toString());
            }
        }

        private void write(Conn c) throws IOException {
            c.ch.write(c.out);
            c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Conn c) throws IOException {
            if (!c.in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
                c.in.flip();
                c.in = bigger.put(c.in);
            }
            int n = c.ch.read(c.in);
            Response r = Response.parse(c.in.array(), c.in.position(), n < 0);
            if (r != null) {
                completed(c, r);
            } else if (n < 0) {
                failed(c, "connection closed before a complete response");
            }
        }

        private void completed(Conn c, Response r) {
            c.samples.add(System.nanoTime() - c.t0);
            c.inFlight = false;
            if (r.status() >= 200 && r.status() < 300 && (expect == null || indexOf(r.body(), expect, 0) >= 0)) {
                ok++;
                s.succeeded(c.client, c.seq, c.call);
            } else {
                errors++;
                if (declineMarker != null && r.status() >= 200 && r.status() < 300
                        && indexOf(r.body(), declineMarker, 0) >= 0) {
                    declined++;
                }
                report(c, r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (r.close()) {
                close(c);
            }
            next(c);
        }

        /** A transport failure or timeout: counted as an error; the client goes on with a new connection. */
        private void failed(Conn c, String why) {
            if (c.inFlight) {
                c.samples.add(System.nanoTime() - c.t0);
                c.inFlight = false;
                errors++;
                transportErrors.incrementAndGet();
                report(c, why);
            }
            close(c);
            next(c);
        }

        private void next(Conn c) {
            c.seq++;
            if (System.nanoTime() < end) {
                send(c);
            } else {
                close(c);
                active--;
            }
        }

        private void report(Conn c, String what) {
            if (++printed <= o.errorBodies) {
                String failure = c.call.method() + " " + c.call.path() + " -> " + what;
                System.err.println("  error [" + name + " c=" + clients + "]: "
                        + (failure.length() > 600 ? failure.substring(0, 600) + "..." : failure));
            }
        }

        private static void close(Conn c) {
            if (c.ch != null) {
                try {
                    c.ch.close();
                } catch (IOException ignored) {
                    // closing a broken connection: nothing to do
                }
                c.ch = null;
                c.key = null;
            }
        }

        static int indexOf(byte[] hay, byte[] needle, int from) {
            outer:
            for (int i = from; i <= hay.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** A complete HTTP/1.1 response: status, decoded body, and whether the server closes the connection. */
        record Response(int status, byte[] body, boolean close) {
            /** The response in buf[0, len), or null while incomplete (eof: the server closed the connection). */
            static Response parse(byte[] buf, int len, boolean eof) {
                int headEnd = indexOf(buf, CRLFCRLF, 0, len);
                if (headEnd < 0) {
                    return null;
                }
                String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
                int status = Integer.parseInt(head.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String line : head.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String h = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String v = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                    switch (h) {
                        case "content-length" -> length = Long.parseLong(v);
                        case "transfer-encoding" -> chunked = v.contains("chunked");
                        case "connection" -> close = v.contains("close");
                        default -> { }
                    }
                }
                int bodyStart = headEnd + 4;
                if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
                    return new Response(status, new byte[0], close);
                }
                if (chunked) {
                    return dechunk(buf, bodyStart, len, status, close);
                }
                if (length >= 0) {
                    return len - bodyStart >= length
                            ? new Response(status, Arrays.copyOfRange(buf, bodyStart, bodyStart + (int) length), close)
                            : null;
                }
                // neither length nor chunks: the body ends when the server closes the connection
                return eof ? new Response(status, Arrays.copyOfRange(buf, bodyStart, len), true) : null;
            }

            private static Response dechunk(byte[] buf, int p, int len, int status, boolean close) {
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                while (true) {
                    int lineEnd = indexOf(buf, CRLFCRLF, p, len, 2);
                    if (lineEnd < 0) {
                        return null;
                    }
                    String sizeLine = new String(buf, p, lineEnd - p, StandardCharsets.ISO_8859_1);
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    p = lineEnd + 2;
                    if (size == 0) {
                        // optional trailers, then an empty line
                        boolean done = len - p >= 2 && buf[p] == '\r' && buf[p + 1] == '\n'
                                || indexOf(buf, CRLFCRLF, p, len) >= 0;
                        return done ? new Response(status, body.toByteArray(), close) : null;
                    }
                    if (len - p < size + 2) {
                        return null;
                    }
                    body.write(buf, p, size);
                    p += size + 2;
                }
            }

            private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
                return indexOf(hay, needle, from, to, needle.length);
            }

            /** Where the first {@code n} bytes of needle occur in hay[from, to), or -1. */
            private static int indexOf(byte[] hay, byte[] needle, int from, int to, int n) {
                outer:
                for (int i = from; i <= to - n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (hay[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return i;
                }
                return -1;
            }
        }
    }


    /**
     * Runs {@code clients} closed-loop clients for {@code seconds}: every client sends its next
     * request as soon as the previous one answered, until the deadline; a request started before
     * the deadline is counted. Latency of every request is recorded (successes and errors).
     */
    static Result run(Api api, Options o, String token, String name, Scenario s, int clients, double seconds,
            String phase) throws InterruptedException, IOException {
        if (o.httpClient.equals("nio")) {
            return new NioLoad(o, token, name, s, clients, phase).run(seconds);
        }
        return runJdk(api, o, token, name, s, clients, seconds, phase);
    }

    /** The same closed loop on java.net.http, one platform thread per client (--http-client jdk). */
    static Result runJdk(Api api, Options o, String token, String name, Scenario s, int clients, double seconds,
            String phase) throws InterruptedException {
        Samples[] samples = new Samples[clients];
        long[] oks = new long[clients];
        long[] errs = new long[clients];
        AtomicInteger printed = new AtomicInteger();
        String expect = s.expect();
        String declineMarker = s.declineMarker();
        AtomicLong declines = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        Thread[] threads = new Thread[clients];
        String keyPrefix = UUID.randomUUID().toString().substring(0, 8) + "-" + phase + "-" + clients + "-";
        for (int i = 0; i < clients; i++) {
            final int client = i;
            samples[i] = new Samples();
            threads[i] = new Thread(() -> {
                Samples mine = samples[client];
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[1];
                long seq = 0;
                while (System.nanoTime() < end) {
                    Call call = s.next(client, seq);
                    HttpRequest req = api.request(call.method(), call.path(), call.anonymous() ? null : token, call.body(),
                            o.idempotencyKeys ? keyPrefix + client + "-" + seq : null);
                    long t0 = System.nanoTime();
                    String failure;
                    try {
                        Resp r = api.send(req);
                        mine.add(System.nanoTime() - t0);
                        if (r.ok() && (expect == null || r.body().contains(expect))) {
                            oks[client]++;
                            s.succeeded(client, seq, call);
                            failure = null;
                        } else {
                            if (declineMarker != null && r.ok() && r.body().contains(declineMarker)) {
                                declines.incrementAndGet();
                            }
                            failure = call.method() + " " + call.path() + " -> " + r.status() + " " + r.body();
                        }
                    } catch (IOException e) {
                        mine.add(System.nanoTime() - t0);
                        transportErrors.incrementAndGet();
                        failure = call.method() + " " + call.path() + " -> " + e;
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (failure != null) {
                        errs[client]++;
                        if (printed.incrementAndGet() <= o.errorBodies) {
                            System.err.println("  error [" + name + " c=" + clients + "]: "
                                    + (failure.length() > 600 ? failure.substring(0, 600) + "..." : failure));
                        }
                    }
                    seq++;
                }
            }, "client-" + i);
            threads[i].start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        int total = 0;
        for (Samples x : samples) {
            total += x.n;
        }
        long[] all = new long[total];
        int at = 0;
        for (Samples x : samples) {
            System.arraycopy(x.v, 0, all, at, x.n);
            at += x.n;
        }
        Arrays.sort(all);
        long ok = Arrays.stream(oks).sum();
        long errors = Arrays.stream(errs).sum();
        return new Result(name, clients, ok + errors, ok, errors, declines.get(), elapsed, all);
    }

    // ------------------------------------------------------------------ probes

    /**
     * What a row cost, seen from outside the server: CPU seconds (of this generator and its ISO 8583
     * child, the server, every process of the PostgreSQL cluster) from /proc over the measured run;
     * the server's RSS at the end of the row; and counters read before and after the row (commits of
     * the bench database from pg_stat_database, statements from pg_stat_statements, the server's
     * batch-size histogram from its Prometheus endpoint). A counter that cannot be read is null and
     * printed as "na".
     */
    static final class Probe {
        record Cpu(double gen, double server, double pg) {
            Cpu minus(Cpu o) {
                return new Cpu(gen - o.gen, server - o.server, pg - o.pg);
            }
        }

        /** Cumulative batch-size histogram: upper bound → batches at or below it; count and sum. */
        record Batches(java.util.TreeMap<Double, Double> cumulative, double count, double sum) {
        }

        /** queryid → calls and text, when --top-statements asks for them. */
        record Counts(Long commits, Long statements, Long dealloc, Batches batches, Map<String, Statement> byQuery) {
        }

        record Statement(long calls, String text) {
        }

        private final Options o;
        private final Api api;
        private final java.util.regex.Pattern batchLine;
        private boolean warnedPsql;

        Probe(Options o, Api api) {
            this.o = o;
            this.api = api;
            this.batchLine = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(o.batchMetric)
                    + "(?:_[a-z]+)?_(bucket|count|sum)(\\{[^}]*\\})?\\s+(\\S+)");
        }

        /** PostgreSQL publishes a backend's commits only when it idles past its flush interval: up to 10 s late. */
        void settle() throws InterruptedException {
            if (o.pgStatsDb != null && o.settle > 0) {
                log("settling %.0f s (pg_stat_database lags up to 10 s)", o.settle);
                Thread.sleep((long) (o.settle * 1000));
            }
        }

        Cpu cpu(long childPid) {
            double gen = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9)
                    .orElse(Double.NaN);
            if (childPid > 0) {
                gen += procCpu(childPid, false);
            }
            return new Cpu(gen, o.serverPid > 0 ? procCpu(o.serverPid, false) : Double.NaN,
                    o.pgPid > 0 ? pgCpu() : Double.NaN);
        }

        /** The postmaster, its children that have exited (its cutime/cstime) and those still running. */
        private double pgCpu() {
            double sum = procCpu(o.pgPid, true);
            try (var children = ProcessHandle.of(o.pgPid).map(ProcessHandle::children).orElse(java.util.stream.Stream.empty())) {
                for (ProcessHandle c : (Iterable<ProcessHandle>) children::iterator) {
                    double t = procCpu(c.pid(), false);
                    if (!Double.isNaN(t)) {
                        sum += t;
                    }
                }
            }
            return sum;
        }

        /** utime + stime (and with children: + cutime + cstime) of /proc/PID/stat, in seconds; NaN if gone. */
        double procCpu(long pid, boolean withChildren) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                // the command name (field 2) may hold spaces: fields counted after its closing parenthesis
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (withChildren) {
                    ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                }
                return ticks / (double) o.clkTck;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        /** VmRSS of the server in MB, NaN when unknown. */
        double serverRssMb() {
            if (o.serverPid <= 0) {
                return Double.NaN;
            }
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + o.serverPid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the server is gone: unknown
            }
            return Double.NaN;
        }

        Counts counts() {
            Long commits = null;
            Long statements = null;
            Long dealloc = null;
            Map<String, Statement> byQuery = new LinkedHashMap<>();
            if (o.pgStatsDb != null) {
                Map<String, Long> pg = psql(byQuery);
                commits = pg.get("commits");
                statements = pg.get("statements");
                dealloc = pg.get("dealloc");
            }
            return new Counts(commits, statements, dealloc, batches(), byQuery);
        }

        /** One psql call on the postgres database (not the bench database, whose counters it would move). */
        private Map<String, Long> psql(Map<String, Statement> byQuery) {
            String db = o.pgStatsDb;
            String ofDb = " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '" + db + "')";
            Map<String, Long> values = new LinkedHashMap<>();
            try {
                // each -c runs on its own: without pg_stat_statements the commits are still read
                List<String> command = new ArrayList<>(List.of("psql", "-X", "-Atq", "-d", "postgres",
                        "-c", "SELECT 'commits', xact_commit FROM pg_stat_database WHERE datname = '" + db + "'",
                        "-c", "SELECT 'statements', coalesce(sum(calls), 0) FROM pg_stat_statements" + ofDb,
                        "-c", "SELECT 'dealloc', dealloc FROM pg_stat_statements_info"));
                if (o.topStatements > 0) {
                    command.addAll(List.of("-c", "SELECT 'query', queryid, calls, left(regexp_replace(query, '\\s+', ' ', 'g'), "
                            + "110) FROM pg_stat_statements" + ofDb));
                }
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                for (String line : out.split("\n")) {
                    String[] kv = line.split("\\|", 4);
                    if (kv.length == 2) {
                        values.put(kv[0], Long.parseLong(kv[1].trim()));
                    } else if (kv.length == 4 && kv[0].equals("query")) {
                        byQuery.put(kv[1], new Statement(Long.parseLong(kv[2]), kv[3]));
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (!warnedPsql) {
                    warnedPsql = true;
                    log("probe: psql failed (%s): commits and statements are na", e);
                }
            }
            return values;
        }

        /** The batch-size histogram from the metrics endpoint, or null when the server has none. */
        private Batches batches() {
            try {
                Resp r = api.call("GET", o.metricsPath, null, null);
                if (!r.ok()) {
                    return null;
                }
                java.util.TreeMap<Double, Double> cumulative = new java.util.TreeMap<>();
                double count = 0;
                double sum = 0;
                boolean seen = false;
                for (String line : r.body().split("\n")) {
                    java.util.regex.Matcher m = batchLine.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    seen = true;
                    double v = Double.parseDouble(m.group(3));
                    switch (m.group(1)) {
                        case "count" -> count += v;
                        case "sum" -> sum += v;
                        default -> {
                            java.util.regex.Matcher le = java.util.regex.Pattern.compile("le=\"([^\"]+)\"")
                                    .matcher(m.group(2) == null ? "" : m.group(2));
                            if (le.find()) {
                                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY
                                        : Double.parseDouble(le.group(1));
                                cumulative.merge(bound, v, Double::sum);
                            }
                        }
                    }
                }
                return seen ? new Batches(cumulative, count, sum) : null;
            } catch (IOException | InterruptedException | RuntimeException e) {
                return null;
            }
        }

        /** The fields a row's RESULT line gets: counters as differences, per-bucket (not cumulative) batch counts. */
        static String fields(long windowOk, Counts before, Counts after, Cpu cpu, double rssMb) {
            StringBuilder b = new StringBuilder();
            b.append(" window_ok=").append(windowOk);
            b.append(" commits=").append(diff(before.commits(), after.commits()));
            b.append(" statements=").append(diff(before.statements(), after.statements()));
            b.append(" dealloc=").append(diff(before.dealloc(), after.dealloc()));
            Batches x = before.batches();
            Batches y = after.batches();
            if (y == null) {
                b.append(" batches=na batch_sum=na batch_le=na");
            } else {
                double count = y.count() - (x == null ? 0 : x.count());
                double sum = y.sum() - (x == null ? 0 : x.sum());
                b.append(String.format(Locale.ROOT, " batches=%.0f batch_sum=%.0f batch_le=", count, sum));
                double below = 0;
                List<String> buckets = new ArrayList<>();
                for (Map.Entry<Double, Double> e : y.cumulative().entrySet()) {
                    double cum = e.getValue() - (x == null ? 0 : x.cumulative().getOrDefault(e.getKey(), 0.0));
                    double bound = e.getKey();
                    buckets.add((Double.isInfinite(bound) ? "+Inf" : String.format(Locale.ROOT, "%.0f", bound))
                            + ":" + String.format(Locale.ROOT, "%.0f", cum - below));
                    below = cum;
                }
                b.append(buckets.isEmpty() ? "na" : String.join(",", buckets));
            }
            b.append(String.format(Locale.ROOT, " rss_mb=%s gen_cpu=%s server_cpu=%s pg_cpu=%s", num(rssMb, 0),
                    num(cpu.gen(), 2), num(cpu.server(), 2), num(cpu.pg(), 2)));
            return b.toString();
        }

        /** The statements a row ran most, per approval: lines "STATEMENT scenario clients calls/ok text". */
        static List<String> topStatements(String scenario, int clients, long windowOk, Counts before, Counts after,
                int n) {
            List<Map.Entry<String, Long>> deltas = new ArrayList<>();
            for (Map.Entry<String, Statement> e : after.byQuery().entrySet()) {
                Statement was = before.byQuery().get(e.getKey());
                long d = e.getValue().calls() - (was == null ? 0 : was.calls());
                if (d > 0) {
                    deltas.add(Map.entry(e.getKey(), d));
                }
            }
            deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, Long> e : deltas.subList(0, Math.min(n, deltas.size()))) {
                lines.add(String.format(Locale.ROOT, "STATEMENT %s %d %.3f %s", scenario, clients,
                        windowOk > 0 ? e.getValue() / (double) windowOk : Double.NaN,
                        after.byQuery().get(e.getKey()).text()));
            }
            return lines;
        }

        private static String diff(Long before, Long after) {
            return before == null || after == null ? "na" : Long.toString(after - before);
        }

        private static String num(double v, int decimals) {
            return Double.isNaN(v) ? "na" : String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Api api = new Api(o);
        Fixture fx = new Fixture(o, api);
        Probe probe = new Probe(o, api);
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        Map<String, Integer> maxClients = new LinkedHashMap<>();
        for (Spec sp : o.scenarios) {
            maxClients.merge(sp.name(), sp.maxClients(), Math::max);
        }
        try {
            fx.tenant();
            for (Map.Entry<String, Integer> e : maxClients.entrySet()) {
                scenarios.put(e.getKey(), SCENARIOS.get(e.getKey()).create(fx, e.getValue()));
            }
        } catch (Exception e) {
            System.err.println("LoadGen: setup failed: " + e);
            System.exit(1);
        }

        // a fresh server: let the JIT compile the hot paths before anything is measured
        if (o.jitWarmup > 0) {
            for (Map.Entry<String, Scenario> e : scenarios.entrySet()) {
                int c = maxClients.get(e.getKey());
                e.getValue().prepare();
                if (e.getValue() instanceof ExternalLoad x) {
                    x.measure(c, o.jitWarmup / scenarios.size(), probe);
                    continue;
                }
                Result w = run(api, o, fx.key, e.getKey(), e.getValue(), c, o.jitWarmup / scenarios.size(), "jit");
                log("JIT warm-up %-12s clients=%-3d %7d requests, %5d errors", e.getKey(), c, w.requests(),
                        w.errors());
            }
        }
        // every row: warm-up, measured run, settle, counters; a row's counters are the difference to the last
        probe.settle();
        Probe.Counts last = probe.counts();
        for (Spec sp : o.scenarios) {
            Scenario scenario = scenarios.get(sp.name());
            for (int c : sp.clients()) {
                String line;
                long windowOk;
                Probe.Cpu cpu;
                scenario.prepare();
                if (scenario instanceof ExternalLoad x) {
                    // the external client warms up in the same JVM it measures with (--warmup): a separate warm-up
                    // process left the measuring one cold, compiling while it measured on the server's cores
                    ExternalLoad.Measured m = x.measure(c, o.seconds, probe);
                    line = m.line();
                    windowOk = m.windowApprovals();
                    cpu = m.cpu();
                    log("measured %s", line.substring("RESULT ".length()));
                } else {
                    windowOk = 0;
                    if (o.warmup > 0) {
                        Result w = run(api, o, fx.key, sp.name(), scenario, c, o.warmup, "warmup");
                        log("warm-up  %-12s clients=%-3d %7d requests, %5d errors", sp.name(), c, w.requests(),
                                w.errors());
                        windowOk += w.ok();
                    }
                    Probe.Cpu before = probe.cpu(0);
                    Result r = run(api, o, fx.key, sp.name(), scenario, c, o.seconds, "measure");
                    cpu = probe.cpu(0).minus(before);
                    windowOk += r.ok();
                    line = r.line();
                    log("measured %-12s clients=%-3d %7d requests, %5d errors, %8.1f ops/s, p50 %.2f ms, p99 %.2f ms",
                            sp.name(), c, r.requests(), r.errors(), r.ops(), r.pct(50), r.pct(99));
                }
                double rss = probe.serverRssMb();
                probe.settle();
                Probe.Counts now = probe.counts();
                System.out.println(line + Probe.fields(windowOk, last, now, cpu, rss));
                if (o.topStatements > 0) {
                    Probe.topStatements(sp.name(), c, windowOk, last, now, o.topStatements).forEach(System.out::println);
                }
                last = now;
            }
        }

        // checks after the runs
        boolean failed = false;
        for (Map.Entry<String, Scenario> e : scenarios.entrySet()) {
            List<String> problems = e.getValue().verify();
            if (!problems.isEmpty() && transportErrors.get() > 0) {
                // a request that timed out may still have been applied: the check is not conclusive
                System.out.println("CHECK name=" + e.getKey() + " ok=unknown detail=" + problems.size()
                        + " mismatches after " + transportErrors.get() + " transport errors");
                problems.forEach(p -> System.err.println("  " + p));
                continue;
            }
            System.out.println("CHECK name=" + e.getKey() + " ok=" + problems.isEmpty() + " detail="
                    + (problems.isEmpty() ? "passed: " + e.getValue().checks()
                            : problems.size() + " mismatches: " + e.getValue().checks()));
            // the first few beside the table too: a failed check should say what failed where it is read
            problems.stream().limit(5).forEach(p -> System.out.println("PROBLEM " + p));
            problems.forEach(p -> System.err.println("  " + p));
            failed |= !problems.isEmpty();
        }
        Resp v = api.call("GET", "/v1/platform/ledger/verification", o.adminToken, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = v.ok() ? (Map<String, Object>) ((Map<String, Object>) v.json()).get("data") : null;
        boolean balanced = data != null && Boolean.TRUE.equals(data.get("balanced"));
        System.out.println("LEDGER balanced=" + balanced + (data == null ? " status=" + v.status()
                : " accounts=" + data.get("accountsChecked") + " transfers=" + data.get("transfersChecked")
                        + " unresolvedPending=" + data.get("unresolvedPendingTransfers")));
        if (!balanced) {
            System.err.println("ledger verification: " + v.status() + " " + v.body());
            failed = true;
        }
        // this process's own CPU time (compilation, setup and load) and its ISO 8583 clients', for the machine's budget
        double own = probe.procCpu(ProcessHandle.current().pid(), true);
        if (!Double.isNaN(own)) {
            System.out.println(String.format(Locale.ROOT, "CPU loadgen_seconds=%.1f", own));
        }
        System.exit(failed ? 2 : 0);
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    // ------------------------------------------------------------------ minimal JSON

    /** Just enough JSON: write flat objects of strings, read any document into Map/List/String/BigDecimal/Boolean/null. */
    static final class Json {
        static String obj(Object... kv) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < kv.length; i += 2) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(str(kv[i].toString())).append(':');
                Object v = kv[i + 1];
                b.append(v instanceof Number || v instanceof Boolean ? v.toString() : str(String.valueOf(v)));
            }
            return b.append('}').toString();
        }

        static String str(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            b.append(String.format("\\u%04x", (int) ch));
                        } else {
                            b.append(ch);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        static Object parse(String s) {
            Json p = new Json(s);
            Object v = p.value();
            p.ws();
            if (p.i != s.length()) {
                throw new IllegalArgumentException("trailing characters at " + p.i);
            }
            return v;
        }

        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
                    }
                    return new BigDecimal(s.substring(start, i));
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }
    }
}
