package io.emboss.authorization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which authorization a clearing record clears: on the same card, the one with the record's network
 * reference; failing that, one with its auth code whose amount is within the tolerance of the
 * cleared amount, preferring one that still holds money. Plain logic over the candidates one
 * statement read for the whole chunk.
 */
final class ClearingMatch {
    private ClearingMatch() {
    }

    /** Reads the candidates of many records at once: card ids, network references, auth codes. */
    interface Candidates {
        List<CardTransaction> of(List<String> cardIds, List<String> references, List<String> authCodes);
    }

    /** Each instruction's authorization, or null when none matches (same order as the instructions). */
    static List<CardTransaction> match(List<ClearingInstruction> instructions, Candidates read,
            BigDecimal tolerancePercent) {
        Set<String> cards = new LinkedHashSet<>();
        Set<String> references = new LinkedHashSet<>();
        Set<String> codes = new LinkedHashSet<>();
        for (ClearingInstruction in : instructions) {
            cards.add(in.card().id());
            if (in.networkReference() != null) {
                references.add(in.networkReference());
            }
            if (in.authCode() != null) {
                codes.add(in.authCode());
            }
        }
        List<CardTransaction> candidates = references.isEmpty() && codes.isEmpty() ? List.of()
                : read.of(List.copyOf(cards), List.copyOf(references), List.copyOf(codes));
        List<CardTransaction> matched = new ArrayList<>();
        for (ClearingInstruction in : instructions) {
            matched.add(authorizationFor(in, candidates, tolerancePercent).orElse(null));
        }
        return matched;
    }

    private static Optional<CardTransaction> authorizationFor(ClearingInstruction in, List<CardTransaction> candidates,
            BigDecimal tolerancePercent) {
        List<CardTransaction> ofCard = candidates.stream()
                .filter(t -> t.cardId().equals(in.card().id()) && t.authorizationId() != null).toList();
        if (in.networkReference() != null) {
            Optional<CardTransaction> byReference = ofCard.stream()
                    .filter(t -> in.networkReference().equals(t.networkReference()))
                    .max(Comparator.comparing(CardTransaction::createdAt));
            if (byReference.isPresent()) {
                return byReference;
            }
        }
        if (in.authCode() == null) {
            return Optional.empty();
        }
        return ofCard.stream()
                .filter(t -> in.authCode().equals(t.authCode()) && within(in.amountMinor(), t.amountMinor(),
                        tolerancePercent))
                .max(Comparator.comparing((CardTransaction t) -> t.heldMinor() > 0)
                        .thenComparing(CardTransaction::createdAt));
    }

    /** The captured transaction (an authorization or a force-post) a dispute record names. */
    static Optional<CardTransaction> cleared(List<CardTransaction> candidates, String networkReference,
            String authCode) {
        Optional<CardTransaction> byReference = candidates.stream()
                .filter(t -> t.capturedMinor() > 0 && networkReference != null
                        && networkReference.equals(t.networkReference()))
                .max(Comparator.comparing(CardTransaction::createdAt));
        if (byReference.isPresent() || authCode == null) {
            return byReference;
        }
        return candidates.stream().filter(t -> t.capturedMinor() > 0 && Objects.equals(authCode, t.authCode()))
                .max(Comparator.comparing(CardTransaction::createdAt));
    }

    private static boolean within(long clearedMinor, long authorizedMinor, BigDecimal tolerancePercent) {
        long tolerance = BigDecimal.valueOf(authorizedMinor).multiply(tolerancePercent)
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN).longValueExact();
        return Math.abs(clearedMinor - authorizedMinor) <= tolerance;
    }
}
