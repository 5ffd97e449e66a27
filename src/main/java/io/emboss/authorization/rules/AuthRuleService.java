package io.emboss.authorization.rules;

import io.emboss.cards.CardProductService;
import io.emboss.cards.CardService;
import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writing rules: create, change (as a draft), promote, deactivate; each with its event. */
@Service
class AuthRuleService {
    static final int MAX_ACTIVE_RULES = 100;

    /** A version as a caller asks for it; null fields of a change keep the latest version's. */
    record Spec(String name, AuthRule.Type type, RuleParameters parameters, RuleScope scope, AuthRule.Mode mode,
                AuthRule.State state) {
    }

    private final AuthRuleRepository rules;
    private final AuthRules cache;
    private final CardService cards;
    private final CardProductService products;
    private final CustomerService customers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AuthRuleService(AuthRuleRepository rules, AuthRules cache, CardService cards, CardProductService products,
            CustomerService customers, ApplicationEventPublisher events, Clock clock) {
        this.rules = rules;
        this.cache = cache;
        this.cards = cards;
        this.products = products;
        this.customers = customers;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Outcome<AuthRule> create(Caller caller, Spec spec) {
        Optional<Rejection> unknown = unknownIds(caller, spec.scope());
        if (unknown.isPresent()) {
            return Outcome.rejected(unknown.get());
        }
        boolean active = spec.state() != AuthRule.State.DRAFT;
        // drafts count too: every draft is evaluated in shadow on each authorization it scopes
        if (rules.countLive(caller.tenantId(), env(caller)) >= MAX_ACTIVE_RULES) {
            return tooManyRules();
        }
        Instant now = now();
        AuthRule.RuleVersion v = new AuthRule.RuleVersion(1, spec.name(), spec.parameters(), spec.scope(),
                spec.mode() == null ? AuthRule.Mode.ACTIVE : spec.mode(), now);
        AuthRule rule = new AuthRule(Ids.next("rule"), caller.tenantId(), env(caller), spec.type(),
                active ? AuthRule.State.ACTIVE : AuthRule.State.DRAFT, active ? v : null, active ? null : v, now, now);
        rules.insert(rule, v);
        return changed("auth_rule.created", rule);
    }

    @Transactional(readOnly = true)
    public Outcome<AuthRule> get(Caller caller, String id) {
        return rules.find(caller.tenantId(), env(caller), id).<Outcome<AuthRule>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("auth rule " + id));
    }

    /** The tenant's rules, newest first; {@code cardId} and {@code productId} keep those that may judge them. */
    @Transactional(readOnly = true)
    public Outcome<Page<AuthRule>> list(Caller caller, AuthRule.Type type, AuthRule.State state, String cardId,
            String productId, PageRequest page) {
        String cardProduct = null;
        String cardCustomer = null;
        if (cardId != null) {
            var card = cards.get(caller, cardId);
            if (!card.isOk()) {
                return Outcome.rejected(card.rejection());
            }
            cardProduct = card.value().productId();
            cardCustomer = card.value().customerId();
        }
        String product = productId != null ? productId : cardProduct;
        String customer = cardCustomer;
        List<AuthRule> matching = rules.all(caller.tenantId(), env(caller), type, state).stream()
                .filter(r -> cardId == null && productId == null || covers(r, cardId, product, customer))
                .filter(r -> page.startingAfter() == null || r.id().compareTo(page.startingAfter()) < 0)
                .limit(page.limit() + 1L).toList();
        return Outcome.ok(Page.of(matching, page.limit(), AuthRule::id));
    }

    private static boolean covers(AuthRule r, String cardId, String productId, String customerId) {
        RuleScope s = r.current().scope();
        if (cardId == null) {
            return s.level() == RuleScope.Level.TENANT || s.ids().contains(productId);
        }
        return s.mayCover(cardId, productId, customerId);
    }

    /** A change is a new draft version; the active version keeps deciding until the draft is promoted. */
    @Transactional
    public Outcome<AuthRule> update(Caller caller, String id, Spec spec) {
        Optional<AuthRule> found = rules.lock(caller.tenantId(), env(caller), id);
        if (found.isEmpty()) {
            return Outcome.notFound("auth rule " + id);
        }
        AuthRule rule = found.get();
        if (rule.state() == AuthRule.State.INACTIVE) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "rule_inactive",
                    "The rule was deactivated; create a new rule instead");
        }
        if (spec.scope() != null) {
            Optional<Rejection> unknown = unknownIds(caller, spec.scope());
            if (unknown.isPresent()) {
                return Outcome.rejected(unknown.get());
            }
        }
        AuthRule.RuleVersion base = rule.draft() != null ? rule.draft() : rule.active();
        Instant now = now();
        AuthRule.RuleVersion draft = new AuthRule.RuleVersion(rules.latestVersion(id) + 1,
                spec.name() != null ? spec.name() : base.name(),
                spec.parameters() != null ? spec.parameters() : base.parameters(),
                spec.scope() != null ? spec.scope() : base.scope(), spec.mode() != null ? spec.mode() : base.mode(),
                now);
        rules.insertVersion(id, draft);
        AuthRule next = new AuthRule(rule.id(), rule.tenantId(), rule.environment(), rule.type(), rule.state(),
                rule.active(), draft, rule.createdAt(), now);
        rules.updatePointers(next);
        return changed("auth_rule.updated", next);
    }

    @Transactional
    public Outcome<AuthRule> promote(Caller caller, String id) {
        Optional<AuthRule> found = rules.lock(caller.tenantId(), env(caller), id);
        if (found.isEmpty()) {
            return Outcome.notFound("auth rule " + id);
        }
        AuthRule rule = found.get();
        if (rule.draft() == null || rule.state() == AuthRule.State.INACTIVE) {
            return Outcome.rejected(Rejection.Kind.CONFLICT, "no_draft",
                    "The rule has no draft version to promote; PATCH it to create one");
        }
        AuthRule next = new AuthRule(rule.id(), rule.tenantId(), rule.environment(), rule.type(),
                AuthRule.State.ACTIVE, rule.draft(), null, rule.createdAt(), now());
        rules.updatePointers(next);
        return changed("auth_rule.promoted", next);
    }

    /** Deactivates the rule: it stops deciding at once; its versions, hits and reports stay. */
    @Transactional
    public Outcome<AuthRule> deactivate(Caller caller, String id) {
        Optional<AuthRule> found = rules.lock(caller.tenantId(), env(caller), id);
        if (found.isEmpty()) {
            return Outcome.notFound("auth rule " + id);
        }
        AuthRule rule = found.get();
        if (rule.state() == AuthRule.State.INACTIVE) {
            return Outcome.ok(rule);
        }
        AuthRule next = new AuthRule(rule.id(), rule.tenantId(), rule.environment(), rule.type(),
                AuthRule.State.INACTIVE, rule.active(), rule.active() == null ? rule.draft() : null,
                rule.createdAt(), now());
        rules.updatePointers(next);
        return changed("auth_rule.deactivated", next);
    }

    private Outcome<AuthRule> changed(String type, AuthRule rule) {
        cache.changed(rule.tenantId(), rule.environment());
        events.publishEvent(new AuthRuleEvents.RuleChanged(type, rule));
        return Outcome.ok(rule);
    }

    private static <T> Outcome<T> tooManyRules() {
        return Outcome.rejected(Rejection.Kind.INVALID, "too_many_rules", "A tenant may have at most "
                + MAX_ACTIVE_RULES + " rules active or in draft (every one is evaluated) in each environment; "
                + "deactivate one first");
    }

    /** The first scope id that is not the caller's, as a 400 naming its field. */
    private Optional<Rejection> unknownIds(Caller caller, RuleScope scope) {
        String field = switch (scope.level()) {
            case TENANT -> null;
            case PRODUCT -> "scope.productIds";
            case CARD -> "scope.cardIds";
            case CUSTOMER -> "scope.customerIds";
        };
        List<String> ids = List.copyOf(scope.ids());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            boolean known = switch (scope.level()) {
                case TENANT -> true;
                case PRODUCT -> products.get(caller, id).isOk();
                case CARD -> cards.get(caller, id).isOk();
                case CUSTOMER -> customers.get(caller, id).isOk();
            };
            if (!known) {
                return Optional.of(unknown(field + "[" + i + "]"));
            }
        }
        List<String> excluded = List.copyOf(scope.excludedCardIds());
        for (int i = 0; i < excluded.size(); i++) {
            if (!cards.get(caller, excluded.get(i)).isOk()) {
                return Optional.of(unknown("scope.excludedCardIds[" + i + "]"));
            }
        }
        return Optional.empty();
    }

    private static Rejection unknown(String field) {
        return new Rejection(Rejection.Kind.INVALID, "validation_failed", "A scope names an id that is not yours",
                java.util.Map.of(field, "names no product, card or customer of yours in this environment"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String env(Caller caller) {
        return caller.environment().wire();
    }
}
