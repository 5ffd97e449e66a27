package io.emboss.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts per operation and status, and the distinct findings with the first request of each. */
final class FuzzReport {
    /** One kind of wrong answer on one operation: where, how often, and a request that shows it. */
    static final class Finding {
        final String operation;
        final String kind;
        final int status;
        final TreeSet<String> modes = new TreeSet<>();
        final String known;
        int count;
        String repro;
        String answer;

        Finding(String operation, String kind, int status, String known) {
            this.operation = operation;
            this.kind = kind;
            this.status = status;
            this.known = known;
        }
    }

    private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final java.util.Set<String> operations = new java.util.TreeSet<>();
    private final java.util.Set<String> reached = new java.util.TreeSet<>();
    /** For an operation no valid request brought to a 2xx: the last answer of the valid pass. */
    private final Map<String, String> refusedValid = new TreeMap<>();
    private int requests;
    private int serverErrors;
    private int conformanceFailures;

    /** Records an answer (status -1: none came); returns the finding when it is the first of its kind. */
    Finding record(FuzzCase c, int status, String problem, String known) {
        requests++;
        statuses.computeIfAbsent(c.operation.key(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        if (status >= 200 && status < 300 && c.method.equals(c.operation.method())) {
            reached.add(c.operation.key());
        }
        serverErrors += status >= 500 ? 1 : 0;
        conformanceFailures += problem != null && problem.startsWith(Conformance.KIND) ? 1 : 0;
        if (problem == null) {
            return null;
        }
        String signature = c.operation.key() + " | " + problem + " | " + status + " | " + known;
        Finding f = findings.get(signature);
        boolean first = f == null;
        if (first) {
            f = new Finding(c.operation.key(), problem, status, known);
            findings.put(signature, f);
        }
        f.count++;
        f.modes.add(c.mode.name().toLowerCase(java.util.Locale.ROOT));
        return first ? f : null;
    }

    /** The operations of the documents, whether or not a request reached them. */
    void operations(List<ApiDocument.Operation> all) {
        all.forEach(op -> operations.add(op.key()));
    }

    /** The answer that ended the valid pass of an operation without a 2xx. */
    void refusedValid(String operation, String answer) {
        refusedValid.put(operation, answer);
    }

    boolean reached(String operation) {
        return reached.contains(operation);
    }

    /** The figures: operations, with a 2xx, requests, 5xx, conformance failures; and the operations without a 2xx. */
    String summary() {
        StringBuilder s = new StringBuilder(String.format("operations %d, reached with a 2xx %d, requests %d, 5xx %d, "
                + "conformance failures %d%n", operations.size(), reached.size(), requests, serverErrors,
                conformanceFailures));
        operations.stream().filter(op -> !reached.contains(op)).forEach(op -> s.append("  no 2xx: ").append(op)
                .append(" -- last valid request answered ").append(refusedValid.getOrDefault(op, "(not tried)"))
                .append('\n'));
        return s.toString();
    }

    List<Finding> findings() {
        return new ArrayList<>(findings.values());
    }

    List<Finding> unknown() {
        return findings.values().stream().filter(f -> f.known == null).toList();
    }

    int requests() {
        return requests;
    }

    /** The summary table: per operation, the requests sent and the statuses seen; then the findings. */
    String text(String header) {
        StringBuilder s = new StringBuilder(header).append(summary()).append('\n');
        s.append(String.format("%-58s %8s  %s%n", "operation", "requests", "statuses seen (status x count)"));
        statuses.forEach((op, seen) -> {
            StringBuilder st = new StringBuilder();
            seen.forEach((status, n) -> st.append(status < 0 ? "none" : status).append('x').append(n).append(' '));
            s.append(String.format("%-58s %8d  %s%n", op, seen.values().stream().mapToInt(i -> i).sum(), st.toString().trim()));
        });
        s.append(String.format("%-58s %8d%n", "total (" + statuses.size() + " operations)", requests));
        List<Finding> unknown = unknown();
        s.append('\n').append(unknown.isEmpty() ? "No new findings." : unknown.size() + " new findings:").append('\n');
        for (Finding f : unknown) {
            s.append(String.format("%n[%s] %s -> %s, %d times, modes %s%n", f.kind, f.operation,
                    f.status < 0 ? "no answer" : String.valueOf(f.status), f.count, f.modes));
            s.append("  repro: ").append(f.repro).append('\n');
            s.append("  answer: ").append(f.answer).append('\n');
        }
        Map<String, List<Finding>> known = new TreeMap<>();
        findings.values().stream().filter(f -> f.known != null)
                .forEach(f -> known.computeIfAbsent(f.known, k -> new ArrayList<>()).add(f));
        s.append('\n').append(known.isEmpty() ? "No known defects seen." : "Known defects seen (not failing the run "
                + "unless -Dfuzz.strict=true):").append('\n');
        known.forEach((label, list) -> {
            Finding first = list.get(0);
            s.append(String.format("%n%s: %d requests on %d operations, statuses %s%n", label,
                    list.stream().mapToInt(f -> f.count).sum(), list.stream().map(f -> f.operation).distinct().count(),
                    new TreeSet<>(list.stream().map(f -> f.status).toList())));
            s.append("  e.g. ").append(first.repro).append('\n');
            s.append("  answer: ").append(first.answer).append('\n');
        });
        return s.toString();
    }
}
