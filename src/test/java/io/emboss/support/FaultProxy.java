package io.emboss.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between Emboss and PostgreSQL that breaks one connection at an exact point of the
 * protocol, as a network or a dying database would: the database itself stays real and untouched.
 * A fault is armed with a marker (text of a statement, e.g. the idempotency row's completion) and
 * fires on the first connection that sends it: at the marker itself, or at that connection's next
 * COMMIT, either before the COMMIT reaches the server or after the server has answered it.
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault {
        /** Close the connection instead of forwarding the statement that carries the marker. */
        CUT_AT_MARKER,
        /** After the marker, close the connection instead of forwarding its COMMIT: nothing commits. */
        DROP_COMMIT,
        /** After the marker, forward the COMMIT, let the server commit, and close before its answer. */
        CUT_AFTER_COMMIT
    }

    private record Armed(String marker, Fault fault, CountDownLatch fired) {
    }

    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The JDBC URL of the test database, reached through this proxy. */
    public String jdbcUrl(String directUrl) {
        return directUrl.replace(targetHost + ":" + targetPort, "127.0.0.1:" + port());
    }

    /** Arms a one-shot fault; the latch opens when it has fired. */
    public CountDownLatch arm(String marker, Fault fault) {
        Armed a = new Armed(marker, fault, new CountDownLatch(1));
        armed.set(a);
        return a.fired();
    }

    public static void await(CountDownLatch fired, Duration timeout) throws InterruptedException {
        if (!fired.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the armed fault never fired");
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                new Link(client, upstream).start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    continue;
                }
                return;
            }
        }
    }

    /** One proxied connection: a pump each way and what the armed fault has seen on it. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private volatile Armed target;
        private volatile boolean cutOnAnswer;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            daemon(() -> pump(true), "fault-proxy-up");
            daemon(() -> pump(false), "fault-proxy-down");
        }

        private void pump(boolean toServer) {
            byte[] buffer = new byte[65536];
            try (InputStream in = (toServer ? client : upstream).getInputStream();
                 OutputStream out = (toServer ? upstream : client).getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (toServer ? !fromClient(buffer, n) : !fromServer()) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // one side went away: the other follows
            } finally {
                cut();
            }
        }

        /** False when the chunk must not be forwarded because the fault fires here. */
        private boolean fromClient(byte[] chunk, int length) {
            Armed a = armed.get();
            if (target == null && a != null && contains(chunk, length,
                    a.marker().getBytes(StandardCharsets.UTF_8)) && armed.compareAndSet(a, null)) {
                target = a;
                if (a.fault() == Fault.CUT_AT_MARKER) {
                    fire();
                    return false;
                }
                return true;
            }
            if (target != null && contains(chunk, length, COMMIT)) {
                if (target.fault() == Fault.DROP_COMMIT) {
                    fire();
                    return false;
                }
                cutOnAnswer = true;
            }
            return true;
        }

        private boolean fromServer() {
            if (cutOnAnswer) {
                fire();
                return false;
            }
            return true;
        }

        private void fire() {
            cut();
            target.fired().countDown();
        }

        private void cut() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
