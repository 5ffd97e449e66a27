package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A rule as the API shows it: the fields of its current version (the active one, or the draft of a
 * rule never promoted) and, when a change waits, that {@code draft}.
 */
record AuthRuleView(String id, String name, AuthRule.Type type, ParametersView parameters, ScopeView scope,
                    AuthRule.Mode mode, AuthRule.State state, int version,
                    @Schema(nullable = true) DraftView draft, boolean livemode, Instant createdAt,
                    Instant updatedAt) {

    static AuthRuleView of(AuthRule r) {
        AuthRule.RuleVersion v = r.current();
        DraftView draft = r.active() != null && r.draft() != null ? DraftView.of(r.draft()) : null;
        return new AuthRuleView(r.id(), v.name(), r.type(), ParametersView.of(v.parameters()), ScopeView.of(v.scope()),
                v.mode(), r.state(), v.version(), draft, "live".equals(r.environment()), r.createdAt(),
                r.updatedAt());
    }

    /** A version that waits to be promoted; evaluated in shadow meanwhile. */
    @Schema(name = "AuthRuleDraft")
    record DraftView(int version, String name, ParametersView parameters, ScopeView scope, AuthRule.Mode mode,
                     Instant createdAt) {
        static DraftView of(AuthRule.RuleVersion v) {
            return new DraftView(v.version(), v.name(), ParametersView.of(v.parameters()), ScopeView.of(v.scope()),
                    v.mode(), v.createdAt());
        }
    }

    /** Which cards the rule judges. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AuthRuleScope")
    record ScopeView(RuleScope.Level level, @Schema(nullable = true) List<String> productIds,
                     @Schema(nullable = true) List<String> cardIds, @Schema(nullable = true) List<String> customerIds,
                     List<String> excludedCardIds) {
        static ScopeView of(RuleScope s) {
            List<String> ids = List.copyOf(s.ids());
            return new ScopeView(s.level(), s.level() == RuleScope.Level.PRODUCT ? ids : null,
                    s.level() == RuleScope.Level.CARD ? ids : null,
                    s.level() == RuleScope.Level.CUSTOMER ? ids : null, List.copyOf(s.excludedCardIds()));
        }
    }

    /**
     * The rule's parameters, by type: {@code conditions} (conditional_block, conditional_3ds);
     * {@code window}, {@code countLimit}, {@code amountLimit}, {@code scope}, {@code filters}
     * (velocity_limit); {@code merchants} (merchant_lock). Fields of other types are absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AuthRuleParameters")
    record ParametersView(@Schema(nullable = true) List<ConditionView> conditions,
                          @Schema(description = "velocity_limit's window: {\"seconds\": N}, \"day\" or \"month\"")
                          Object window,
                          @Schema(nullable = true) Long countLimit, @Schema(nullable = true) String amountLimit,
                          @Schema(nullable = true, allowableValues = {"card", "customer"}) String scope,
                          @Schema(nullable = true) FiltersView filters,
                          @Schema(nullable = true) List<MerchantView> merchants) {
        static ParametersView of(RuleParameters p) {
            if (p instanceof RuleParameters.Conditions c) {
                return new ParametersView(c.conditions().stream()
                        .map(k -> new ConditionView(k.attribute(), k.operation(), k.value())).toList(), null, null,
                        null, null, null, null);
            }
            if (p instanceof RuleParameters.MerchantLock m) {
                return new ParametersView(null, null, null, null, null, null,
                        m.merchants().stream().map(k -> new MerchantView(k.merchantId(), k.name(), k.mcc())).toList());
            }
            RuleParameters.Velocity v = (RuleParameters.Velocity) p;
            return new ParametersView(null, v.window().wire(), v.countLimit(),
                    v.amountLimit() == null ? null : v.amountLimit().toPlainString(), v.subject().wire(),
                    new FiltersView(v.filters().mccs(), v.filters().excludedMccs(), v.filters().countries(),
                            v.filters().channel()), null);
        }
    }

    /** value: a list of texts (is_one_of), a decimal string (amount), an integer, a boolean or a pattern. */
    @Schema(name = "AuthRuleCondition")
    record ConditionView(Condition.Attribute attribute, Condition.Operation operation,
                         @Schema(description = "What the attribute is compared with") Object value) {
    }

    @Schema(name = "AuthRuleFilters")
    record FiltersView(List<String> mccs, List<String> excludedMccs, List<String> countries,
                       @Schema(nullable = true) String channel) {
    }

    /**
     * Named apart from the transaction's merchant ({@code io.emboss.authorization.MerchantView}): with
     * the same simple name the OpenAPI document kept one schema for both, the transaction's, and this
     * one's {@code merchantId} was missing from it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AuthRuleMerchant")
    record MerchantView(@Schema(nullable = true) String merchantId, @Schema(nullable = true) String name,
                        @Schema(nullable = true) String mcc) {
    }
}
