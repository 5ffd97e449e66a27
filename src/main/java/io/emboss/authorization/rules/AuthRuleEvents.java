package io.emboss.authorization.rules;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to a rule; published in the transaction of the change. */
final class AuthRuleEvents {
    private AuthRuleEvents() {
    }

    /** auth_rule.created, auth_rule.updated (a new draft), auth_rule.promoted or auth_rule.deactivated. */
    record RuleChanged(String type, AuthRule rule) implements BusinessEvent {
        @Override
        public String tenantId() {
            return rule.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(rule.environment());
        }

        @Override
        public Object snapshot() {
            return AuthRuleView.of(rule);
        }
    }

    /** auth_rule.backtest_completed: the backtest as GET shows it. */
    record BacktestCompleted(Backtest backtest, String tenantId, String env) implements BusinessEvent {
        @Override
        public String type() {
            return "auth_rule.backtest_completed";
        }

        @Override
        public String tenantId() {
            return tenantId;
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(env);
        }

        @Override
        public Object snapshot() {
            return BacktestView.of(backtest);
        }
    }
}
