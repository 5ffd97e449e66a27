package io.emboss.authorization;

import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** 3-D Secure one-time codes: readable while active, verified by the (simulated) cardholder. */
@Service
public class OtpService {
    /** The result of entering a code: the authorization's decision, or how many tries are left. */
    public record Verification(boolean verified, int attemptsLeft, Decision decision) {
    }

    private final OtpRepository otps;
    private final CardService cards;
    private final AuthorizationEngine engine;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    OtpService(OtpRepository otps, CardService cards, AuthorizationEngine engine, Clock clock,
            org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.otps = otps;
        this.cards = cards;
        this.engine = engine;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Outcome<List<Otp>> active(Caller caller, String cardId) {
        Outcome<Card> card = cards.get(caller, cardId);
        if (!card.isOk()) {
            return Outcome.rejected(card.rejection());
        }
        return Outcome.ok(otps.activeOfCard(caller.tenantId(), caller.environment().wire(), cardId, clock.instant()));
    }

    /**
     * Checks a code. Right: the purchase is decided by the engine (it may still be declined, e.g.
     * for funds). Wrong: one try fewer; the third wrong try declines the purchase.
     */
    public Outcome<Verification> verify(Caller caller, String otpId, String code) {
        if (!caller.maySimulate()) {
            // in live mode the cardholder answers the issuer's challenge, never the tenant's credential
            return Outcome.rejected(Caller.SANDBOX_ONLY);
        }
        Checked checked = tx.execute(s -> check(caller, otpId, code));
        if (checked.settled() != null) {
            return checked.settled();
        }
        // the code was right: decide outside the code's transaction (the decision webhook may be slow)
        return Outcome.ok(new Verification(true, Otp.MAX_ATTEMPTS - checked.otp().attempts(),
                engine.afterChallenge(checked.card(), checked.request(), checked.otp().authorizationId())));
    }

    /** Either settled here (not found, wrong code, …) or a right code whose purchase is still to decide. */
    private record Checked(Outcome<Verification> settled, Otp otp, Card card, AuthorizationRequest request) {
        static Checked settled(Outcome<Verification> outcome) {
            return new Checked(outcome, null, null, null);
        }
    }

    private Checked check(Caller caller, String otpId, String code) {
        Optional<Otp> locked = otps.lock(caller.tenantId(), caller.environment().wire(), otpId);
        if (locked.isEmpty()) {
            return Checked.settled(Outcome.notFound("one-time code " + otpId));
        }
        Otp otp = locked.get();
        if (!Otp.PENDING.equals(otp.status())) {
            return Checked.settled(Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The code is " + otp.status()));
        }
        if (!clock.instant().isBefore(otp.expiresAt())) {
            otps.update(otp.id(), "expired", otp.attempts());
            return Checked.settled(Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state", "The code has expired"));
        }
        Card card = cards.findById(otp.tenantId(), otp.environment(), otp.cardId()).orElseThrow();
        AuthorizationRequest request = new AuthorizationRequest(card.id(), null, null, null, null, null,
                otp.amountMinor(), otp.currency(), otp.merchant(), "online", otp.networkReference(), false, true);
        boolean right = code != null && MessageDigest.isEqual(otp.code().getBytes(StandardCharsets.US_ASCII),
                code.getBytes(StandardCharsets.US_ASCII));
        if (!right) {
            int attempts = otp.attempts() + 1;
            if (attempts >= Otp.MAX_ATTEMPTS) {
                otps.update(otp.id(), Otp.FAILED, attempts);
                return Checked.settled(Outcome.ok(new Verification(false, 0, engine.declineChallenge(card, request,
                        otp.authorizationId()))));
            }
            otps.update(otp.id(), Otp.PENDING, attempts);
            return Checked.settled(Outcome.ok(new Verification(false, Otp.MAX_ATTEMPTS - attempts, null)));
        }
        otps.update(otp.id(), Otp.VERIFIED, otp.attempts());
        return new Checked(null, otp, card, request);
    }
}
