package io.emboss.authorization.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * A rule's days: for the active versions and for the drafts evaluated beside them, how many
 * authorizations they evaluated, declined (active mode), would have declined (shadow mode or a
 * draft) and let through.
 */
record RuleReportView(String ruleId, LocalDate from, LocalDate to, List<Day> days) {

    @Schema(name = "AuthRuleReportDay")
    record Day(LocalDate date, Side active, Side draft) {
    }

    /** {@code versions} names the versions counted (two on the day a draft was promoted). */
    @Schema(name = "AuthRuleReportSide")
    record Side(List<Integer> versions, long evaluated, long declined, long wouldDecline, long approved) {
        Side {
            if (evaluated < 0 || declined < 0 || wouldDecline < 0 || approved < 0) {
                throw new IllegalStateException("a report counts no negative number");
            }
        }
    }

    /** Counts of one side of one day, as they are read. */
    static final class Tally {
        private final TreeSet<Integer> versions = new TreeSet<>();
        private long evaluated;
        private long declined;
        private long wouldDecline;

        void evaluated(int version, long n) {
            versions.add(version);
            evaluated += n;
        }

        void hit(int version, RuleHit.Outcome outcome) {
            versions.add(version);
            if (outcome == RuleHit.Outcome.DECLINED) {
                declined++;
            } else {
                wouldDecline++;
            }
        }

        /** Evaluations are counted a second apart from hits: never fewer evaluated than hit. */
        Side view() {
            long seen = Math.max(evaluated, declined + wouldDecline);
            return new Side(List.copyOf(versions), seen, declined, wouldDecline, seen - declined - wouldDecline);
        }
    }
}
