package io.emboss.support;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Checks, once per test JVM and before the first application context starts, that the test
 * database is reachable and has the suite's connection budget free ({@link PostgresCapacity}),
 * after sweeping the schemas of earlier crashed runs ({@link StaleSchemas}). Without it a
 * database short of connections failed the first context with the cause deep in a stack trace
 * and every later test class with Spring's "ApplicationContext failure threshold exceeded".
 * Now the first test class that needs PostgreSQL fails with one message that names the cause,
 * and every later one is skipped, pointing at it. {@link ApiTest} registers this extension
 * ahead of Spring's; {@link PostgresSchema#createSchema} passes the same gate.
 */
public final class PostgresPreflight implements BeforeAllCallback {
    private static final Gate GATE = new Gate(() -> PostgresCapacity.check(PostgresSchema.baseUrl(),
            PostgresSchema.user(), PostgresSchema.password(), PostgresSchema.BUDGET));

    @Override
    public void beforeAll(ExtensionContext context) {
        require();
    }

    /** Returns when the test database is fit for the suite, else throws (see the class comment). */
    public static void require() {
        GATE.pass();
    }

    /** Runs its check once; a failure is thrown whole to the first caller and as a skip to the others. */
    static final class Gate {
        private final Supplier<Optional<String>> check;
        private Optional<String> failure;
        private boolean reported;

        Gate(Supplier<Optional<String>> check) {
            this.check = check;
        }

        synchronized void pass() {
            if (failure == null) {
                failure = check.get();
            }
            if (failure.isEmpty()) {
                return;
            }
            if (!reported) {
                reported = true;
                throw new IllegalStateException(failure.get());
            }
            throw new TestAbortedException("Not run: the PostgreSQL check failed at the start of this run, "
                    + "see the first failing test class: " + failure.get());
        }
    }
}
