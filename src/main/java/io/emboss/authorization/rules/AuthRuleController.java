package io.emboss.authorization.rules;

import io.emboss.shared.Caller;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Authorization rules: write them, promote their drafts, backtest them, read their reports. */
@RestController
@RequestMapping("/v1/auth-rules")
class AuthRuleController {
    record BacktestInput(@Schema(format = "date-time") String start, @Schema(format = "date-time") String end) {
    }

    private final AuthRuleService rules;
    private final RuleInsights insights;
    private final java.time.Clock clock;

    AuthRuleController(AuthRuleService rules, RuleInsights insights, java.time.Clock clock) {
        this.rules = rules;
        this.insights = insights;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<ApiResponse<AuthRuleView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody RuleInputs.RuleInput body) {
        Fields f = new Fields();
        AuthRule.Type type = f.oneOf("type", body.type(), AuthRule.Type.class, true);
        String name = f.text("name", body.name(), 1, 200);
        AuthRule.Mode mode = f.oneOf("mode", body.mode(), AuthRule.Mode.class, false);
        AuthRule.State state = state(f, body.state());
        RuleScope scope = RuleInputs.scope(f, body.scope());
        RuleParameters parameters = type == null ? null : RuleInputs.parameters(f, type, body.parameters());
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(rules.create(caller, new AuthRuleService.Spec(name, type, parameters, scope, mode,
                state)), AuthRuleView::of);
    }

    /** A new rule is active (the default) or a draft; inactive is what DELETE makes. */
    private static AuthRule.State state(Fields f, String state) {
        AuthRule.State s = f.oneOf("state", state, AuthRule.State.class, false);
        if (s == AuthRule.State.INACTIVE) {
            f.problem("state", "must be active or draft");
            return null;
        }
        return s;
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<AuthRuleView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String type, @RequestParam(required = false) String state,
            @RequestParam(required = false) String cardId, @RequestParam(required = false) String productId,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        Fields f = new Fields();
        AuthRule.Type t = f.oneOf("type", type, AuthRule.Type.class, false);
        AuthRule.State s = f.oneOf("state", state, AuthRule.State.class, false);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.page(Pagination.parse(limit, startingAfter)
                .flatMap(p -> rules.list(caller, t, s, cardId, productId, p)), AuthRuleView::of);
    }

    @GetMapping("/{id}")
    ResponseEntity<ApiResponse<AuthRuleView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(rules.get(caller, id), AuthRuleView::of);
    }

    /** A change: a new draft version of whatever fields are given; the active version keeps deciding. */
    @PatchMapping("/{id}")
    ResponseEntity<ApiResponse<AuthRuleView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody RuleInputs.RuleInput body) {
        var current = rules.get(caller, id);
        if (!current.isOk()) {
            return Responses.rejected(current.rejection());
        }
        Fields f = new Fields();
        AuthRule.Type type = current.value().type();
        if (body.type() != null && !type.wire().equals(body.type())) {
            f.problem("type", "cannot change: create a new rule of the other type");
        }
        if (body.state() != null) {
            f.problem("state", "cannot be patched: promote the draft, or DELETE the rule");
        }
        String name = body.name() == null ? null : f.text("name", body.name(), 1, 200);
        AuthRule.Mode mode = f.oneOf("mode", body.mode(), AuthRule.Mode.class, false);
        RuleScope scope = body.scope() == null ? null : RuleInputs.scope(f, body.scope());
        RuleParameters parameters = body.parameters() == null ? null
                : RuleInputs.parameters(f, type, body.parameters());
        if (f.ok() && name == null && mode == null && scope == null && parameters == null) {
            f.problem("parameters", "a change names at least one of name, parameters, scope, mode");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(rules.update(caller, id, new AuthRuleService.Spec(name, type, parameters, scope, mode,
                null)), AuthRuleView::of);
    }

    @PostMapping("/{id}/promote")
    ResponseEntity<ApiResponse<AuthRuleView>> promote(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(rules.promote(caller, id), AuthRuleView::of);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<ApiResponse<AuthRuleView>> deactivate(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(rules.deactivate(caller, id), AuthRuleView::of);
    }

    @PostMapping("/{id}/backtests")
    ResponseEntity<ApiResponse<BacktestView>> backtest(@AuthenticationPrincipal Caller caller,
            @PathVariable String id, @RequestBody BacktestInput body) {
        Fields f = new Fields();
        Instant start = f.instant("start", body.start());
        Instant end = f.instant("end", body.end());
        if (body.start() == null) {
            f.problem("start", "is required: an ISO-8601 instant");
        }
        if (body.end() == null) {
            f.problem("end", "is required: an ISO-8601 instant");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(insights.startBacktest(caller, id, start, end), HttpStatus.ACCEPTED, BacktestView::of);
    }

    @GetMapping("/{id}/backtests/{backtestId}")
    ResponseEntity<ApiResponse<BacktestView>> backtest(@AuthenticationPrincipal Caller caller,
            @PathVariable String id, @PathVariable String backtestId) {
        return Responses.of(insights.backtest(caller, id, backtestId), BacktestView::of);
    }

    /** {@code from} and {@code to} are UTC dates (2026-12-01), both included; by default the last 7 days. */
    @GetMapping("/{id}/report")
    ResponseEntity<ApiResponse<RuleReportView>> report(@AuthenticationPrincipal Caller caller,
            @PathVariable String id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Fields f = new Fields();
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = f.date("to", to, today);
        LocalDate first = f.date("from", from, last == null ? today.minusDays(6) : last.minusDays(6));
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(insights.report(caller, id, first, last), r -> r);
    }
}
