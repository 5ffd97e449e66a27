package io.emboss.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Instrumentation, not a mock: the application's own pool behind a proxy that counts, per thread
 * name, the statements executed ({@code execute}, {@code executeQuery}, {@code executeUpdate},
 * {@code executeBatch} and their large forms, one call each) and the {@code Connection.commit()}
 * calls. The real database answers every call. {@link #unwrap} still reaches the pool, so its
 * metrics and health keep working.
 */
public final class CountingDataSource extends DelegatingDataSource {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
            "executeLargeUpdate", "executeLargeBatch");
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement",
            "prepareCall");

    /** What the threads of one name did. */
    public record Counts(long statements, long commits) {
        Counts minus(Counts other) {
            return new Counts(statements - other.statements, commits - other.commits);
        }

        Counts plus(Counts other) {
            return new Counts(statements + other.statements, commits + other.commits);
        }
    }

    private final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> commits = new ConcurrentHashMap<>();
    /** Executions by thread group (the name without its number) and SQL text, to say where counts come from. */
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();

    public CountingDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(super.getConnection(username, password));
    }

    /** The counts so far, by thread name. */
    public Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        statements.forEach((name, n) -> out.put(name, new Counts(n.sum(), 0)));
        commits.forEach((name, n) -> out.merge(name, new Counts(0, n.sum()), Counts::plus));
        return out;
    }

    /** What the threads whose names pass {@code threads} did between two snapshots. */
    public static Counts between(Map<String, Counts> before, Map<String, Counts> after, Predicate<String> threads) {
        Counts total = new Counts(0, 0);
        for (Map.Entry<String, Counts> e : after.entrySet()) {
            if (threads.test(e.getKey())) {
                total = total.plus(e.getValue().minus(before.getOrDefault(e.getKey(), new Counts(0, 0))));
            }
        }
        return total;
    }

    /**
     * Executions so far of the threads whose name starts with {@code prefix}, by SQL text (a batch
     * counted once under its statement's text), most frequent first.
     */
    public Map<String, Long> bySql(String prefix) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        bySql.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + "\u0000"))
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> out.put(e.getKey().substring(e.getKey().indexOf('\u0000') + 1), e.getValue().sum()));
        return out;
    }

    private Connection counted(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new Counting(real, null));
    }

    private static void count(Map<String, LongAdder> counter, String key) {
        counter.computeIfAbsent(key, n -> new LongAdder()).increment();
    }

    /** Passes every call on; counts commits (of a connection) or executions (of a statement). */
    private final class Counting implements InvocationHandler {
        private final Object target;
        private final boolean connection;
        /** A prepared statement's SQL; null for a connection or a plain statement. */
        private final String sql;

        Counting(Object target, String sql) {
            this.target = target;
            this.connection = target instanceof Connection;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            // counted when sent, whether or not the database then refuses it
            String thread = Thread.currentThread().getName();
            if (connection && name.equals("commit")) {
                count(commits, thread);
            } else if (!connection && EXECUTIONS.contains(name)) {
                count(statements, thread);
                String text = sql != null ? sql : args != null && args.length > 0 && args[0] instanceof String q ? q : "?";
                count(bySql, thread.replaceAll("\\d+$", "") + "\u0000" + text);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (connection && STATEMENT_FACTORIES.contains(name) && result instanceof Statement s) {
                Class<?> type = s instanceof CallableStatement ? CallableStatement.class
                        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                        new Counting(s, args != null && args.length > 0 && args[0] instanceof String q ? q : null));
            }
            return result;
        }
    }
}
