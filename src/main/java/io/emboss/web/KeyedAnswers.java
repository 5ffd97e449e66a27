package io.emboss.web;

import io.emboss.shared.Receipt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;

/**
 * For the operations whose money goes through the pipeline (an authorization, a top-up): the
 * {@code Idempotency-Key}'s row and the response it replays are written in the money batch's own
 * transaction, with one statement for all the batch's keys, instead of the request holding a
 * transaction of its own around the whole request ({@link IdempotencyFilter#BATCHED}).
 */
public final class KeyedAnswers {
    private KeyedAnswers() {
    }

    /**
     * Runs {@code call}; when the request is keyed, its command's answer is rendered by
     * {@code render} (as {@code call} renders the service's result) and kept with the key in the
     * command's batch. {@code A} is the answer of the money command the call submits.
     */
    @SuppressWarnings("unchecked")
    public static <A, B> ResponseEntity<B> respond(Function<A, ResponseEntity<B>> render,
            Supplier<ResponseEntity<B>> call) {
        IdempotencyFilter.Pending pending = IdempotencyFilter.pending();
        if (pending == null) {
            return call.get();
        }
        Key key = new Key(pending, answer -> render.apply((A) answer));
        try {
            ResponseEntity<B> answer = Receipt.during(key, call);
            pending.settle(key.claimed, false);
            return answer;
        } catch (Receipt.Refused refused) {
            pending.settle(false, true);
            return ResponseEntity.status(409).build(); // the filter answers with the key's owner's response
        }
    }

    /** A keyed request's receipt. */
    private static final class Key implements Receipt {
        private final IdempotencyFilter.Pending pending;
        private final Function<Object, ResponseEntity<?>> render;
        private volatile boolean claimed;

        Key(IdempotencyFilter.Pending pending, Function<Object, ResponseEntity<?>> render) {
            this.pending = pending;
            this.render = render;
        }

        @Override
        public Kind kind() {
            return pending.rows();
        }
    }

    /** The idempotency rows of a batch: one insert for its claims, one update for its answers. */
    static final class Rows implements Receipt.Kind {
        private final IdempotencyRepository repository;
        private final EnvelopeWriter envelope;

        Rows(IdempotencyRepository repository, EnvelopeWriter envelope) {
            this.repository = repository;
            this.envelope = envelope;
        }

        @Override
        public Set<Receipt> claim(List<Receipt> receipts) {
            Set<Receipt> refused = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            Map<IdempotencyRepository.Claim, Receipt> first = new HashMap<>();
            List<IdempotencyRepository.Claim> distinct = new ArrayList<>();
            for (Receipt r : receipts) {
                IdempotencyRepository.Claim claim = ((Key) r).pending.claim();
                if (first.putIfAbsent(sameKey(claim), r) != null) {
                    refused.add(r); // the batch's earlier request with this key answers for it
                } else {
                    distinct.add(claim);
                }
            }
            // one order for every batch on every node: two batches claiming the same keys never wait on each other
            distinct.sort(java.util.Comparator.comparing(IdempotencyRepository.Claim::tenantId)
                    .thenComparing(IdempotencyRepository.Claim::env).thenComparing(IdempotencyRepository.Claim::key));
            Set<IdempotencyRepository.Claim> taken = repository.claimAll(distinct);
            for (IdempotencyRepository.Claim c : distinct) {
                Key key = (Key) first.get(sameKey(c));
                if (taken.contains(c)) {
                    refused.add(key);
                } else {
                    key.claimed = true;
                }
            }
            return refused;
        }

        private static IdempotencyRepository.Claim sameKey(IdempotencyRepository.Claim c) {
            return new IdempotencyRepository.Claim(c.tenantId(), c.env(), c.key(), "");
        }

        @Override
        public void complete(List<Receipt.Answered> answered) {
            List<IdempotencyRepository.Answer> answers = new ArrayList<>(answered.size());
            for (Receipt.Answered a : answered) {
                Key key = (Key) a.receipt();
                ResponseEntity<?> response = key.render.apply(a.answer());
                int status = response.getStatusCode().value();
                if (status >= 500) {
                    throw new IllegalStateException("a command's answer renders as a success or a refusal");
                }
                answers.add(new IdempotencyRepository.Answer(key.pending.claim(), status,
                        envelope.json(response.getBody())));
            }
            repository.completeAll(answers);
        }
    }
}
