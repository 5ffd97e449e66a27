package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.ledger.MoneyBatch;
import io.emboss.ledger.MoneyCommand;
import io.emboss.ledger.Transfer;
import io.emboss.ledger.TransferSpec;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.authorization.rules.RuleHit;
import io.emboss.authorization.rules.Screening;
import io.emboss.authorization.rules.VelocityJudge;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One authorization's locked part, decided in a pipeline batch: the day's and month's limits,
 * the funds, the hold and the record, or the record of a decline decided before (a frozen card,
 * a wrong CVV, the tenant's endpoint said no). Every check that needs no lock ran before.
 */
final class AuthorizeCommand implements MoneyCommand<Decision> {
    private final AuthorizationEngine engine;
    private final Card card;
    private final AuthorizationRequest request;
    private final long amountMinor;
    private final long fxFeeMinor;
    private final DeclineReason early;
    private final String authorizationId;
    private final Screening screening;
    private final List<RuleHit> hits = new ArrayList<>();

    AuthorizeCommand(AuthorizationEngine engine, Card card, AuthorizationRequest request, long amountMinor,
            long fxFeeMinor, DeclineReason early, String authorizationId, Screening screening) {
        this.screening = screening;
        this.engine = engine;
        this.card = card;
        this.request = request;
        this.amountMinor = amountMinor;
        this.fxFeeMinor = fxFeeMinor;
        this.early = early;
        this.authorizationId = authorizationId;
    }

    @Override
    public String shardKey() {
        return card.id();
    }

    @Override
    public void declare(MoneyBatch batch) {
        engine.rowsOf(batch);
        if (early == null) {
            engine.cardsOf(batch).want(card.id());
            engine.spendingOf(batch).want(card.id());
            // a customer-scope velocity rule's windows: one more row of the same lock statement
            screening.velocityRows().forEach(engine.spendingOf(batch)::want);
            AuthorizationEngine.lockCardAccounts(batch, card);
        }
        if (screening != Screening.NONE) {
            engine.ruleHitsOf(batch);
        }
    }

    @Override
    public Decision decide(MoneyBatch batch) {
        hits.clear();
        hits.addAll(screening.shadowHits());
        if (screening.decline() != null) {
            hits.add(0, screening.decline());
            return declined(batch, early, screening.decline());
        }
        if (early != null) {
            return declined(batch, early);
        }
        Optional<Card> now = engine.cardsOf(batch).get(card.id());
        if (now.isEmpty()) {
            return declined(batch, DeclineReason.INVALID_CARD);
        }
        Optional<DeclineReason> changed = AuthorizationEngine.changedSince(now.get(), request, amountMinor, batch.now());
        if (changed.isPresent()) {
            return declined(batch, changed.get());
        }
        SpendingWindows spending = engine.spendingOf(batch);
        long[] spent = spending.spent(card.id());
        Optional<DeclineReason> limit = AuthorizationEngine.limitCheck(now.get(), spent[0], spent[1], amountMinor);
        if (limit.isPresent()) {
            return declined(batch, limit.get());
        }
        VelocityJudge.Verdict velocity = VelocityJudge.judge(screening.velocity(), spending.velocityRows(),
                batch.now(), amountMinor, card.currency());
        hits.addAll(velocity.shadowHits());
        if (velocity.decline() != null) {
            hits.add(0, velocity.decline());
            return declined(batch, DeclineReason.VELOCITY_EXCEEDED, velocity.decline());
        }
        String transactionId = Ids.next("txn");
        Outcome<List<Transfer>> hold = batch.move(List.of(new TransferSpec.Hold(
                AuthorizationEngine.cardAccount(card), AuthorizationEngine.settlementAccount(card), amountMinor,
                "authorization", transactionId, batch.now().plus(engine.holdWindow()))));
        if (!hold.isOk()) {
            return declined(batch, DeclineReason.INSUFFICIENT_FUNDS);
        }
        spending.add(card.id(), amountMinor);
        VelocityJudge.count(screening.velocity(), velocity, spending.velocityRows(), batch.now(), amountMinor);
        CardTransaction t = new CardTransaction(transactionId, authorizationId, card.tenantId(), card.environment(),
                card.id(), card.customerId(), "authorization", CardTransaction.PENDING, true, null,
                AuthorizationEngine.newAuthCode(), card.currency(), amountMinor, request.merchantCurrency(),
                request.amountMinor(), fxFeeMinor, amountMinor, 0, 0, 0, hold.value().get(0).id(), null,
                request.merchant(), request.channel(), request.networkReference(), null, batch.now(), batch.now());
        return recorded(batch, t, "authorization.created");
    }

    private Decision declined(MoneyBatch batch, DeclineReason reason) {
        return declined(batch, reason, null);
    }

    private Decision declined(MoneyBatch batch, DeclineReason reason, RuleHit rule) {
        Decision d = recorded(batch, AuthorizationEngine.declined(card, request, amountMinor, fxFeeMinor, reason,
                authorizationId, batch.now(), rule == null ? null : rule.ruleId()), "authorization.declined");
        return rule == null ? d : withRule(d, rule);
    }

    private static Decision withRule(Decision d, RuleHit rule) {
        Decision.RuleDecline.Limit limit = switch (rule.reason()) {
            case AUTH_RULE -> Decision.RuleDecline.Limit.BLOCK;
            case COUNT_LIMIT -> Decision.RuleDecline.Limit.COUNT;
            case AMOUNT_LIMIT -> Decision.RuleDecline.Limit.AMOUNT;
        };
        return new Decision(d.authorizationId(), d.transactionId(), d.approved(), d.status(), d.declineReason(),
                d.authCode(), d.cardId(), d.tenantId(), d.environment(), d.amountMinor(), d.currency(), d.otpId(),
                new Decision.RuleDecline(rule.ruleId(), rule.version(), limit));
    }

    private Decision recorded(MoneyBatch batch, CardTransaction t, String eventType) {
        engine.rowsOf(batch).add(t);
        if (!hits.isEmpty()) {
            engine.ruleHitsOf(batch).add(t.id(), hits, batch.now());
        }
        batch.publish(new TransactionEvents.Changed(eventType, t));
        return AuthorizationEngine.decision(t);
    }
}
