package io.emboss.network;

import java.time.Instant;

/**
 * One request from the network and, once processed, Emboss's answer. Holds no PAN (its last four
 * digits tell a retransmission from a different request under the same key), no PIN, no CVV2.
 */
record Exchange(Key key, String rrn, Long amountMinor, String currencyNumeric, String panLast4, Answer answer,
                Key original, Long actualAmountMinor, Instant createdAt) {

    /** How the network names a message: acquirer (field 32), STAN (11), transmission time (7), MTI. */
    record Key(String acquirerId, String stan, String transmitted, String mti) {
    }

    /** What Emboss answered, and what it did: the authorization or transaction the message became. */
    record Answer(ResponseCode code, String authCode, String outcome, String tenantId, String environment,
                  String cardId, String authorizationId, String transactionId) {

        static Answer of(ResponseCode code, String outcome) {
            return new Answer(code, null, outcome, null, null, null, null, null);
        }
    }
}
