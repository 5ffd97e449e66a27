package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every message type over a real socket from jPOS, with its effect on the card's balance, holds and
 * transaction record as the HTTP API shows them, and the ledger's verification after money moved.
 */
class Iso8583MessagesTest extends Iso8583TestBase {
    @org.springframework.beans.factory.annotation.Autowired
    private ExchangeRepository exchanges;

    private JsonNode onlyTransaction(Holder h, String cardId, String type) {
        List<JsonNode> items = allPages("/v1/transactions?cardId=" + cardId + "&type=" + type, h.key());
        assertThat(items).as(type + " transactions of " + cardId).hasSize(1);
        return items.get(0);
    }

    @Test
    void an_approved_0100_holds_the_amount_and_the_tenant_sees_the_authorization() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ISOMsg request = authorization(card, 2550);
        ISOMsg response = exchange(request);

        assertResponse(response, "0110", "00");
        assertThat(response.getString(38)).matches("\\d{6}");
        assertThat(response.getString(37)).isEqualTo(request.getString(37));
        assertThat(response.getString(4)).isEqualTo("000000002550");
        assertThat(response.hasField(14)).as("expiry is not echoed").isFalse();
        assertBalance(h.key(), card.id(), "74.50", "25.50", "100.00");
        JsonNode t = onlyTransaction(h, card.id(), "authorization");
        assertThat(t.get("status").asString()).isEqualTo("pending");
        assertThat(t.get("authCode").asString()).isEqualTo(response.getString(38));
        assertThat(t.get("networkReference").asString()).isEqualTo(request.getString(37));
        assertThat(t.get("merchant").get("name").asString()).isEqualTo("Corner Shop");
        assertThat(t.get("merchant").get("mcc").asString()).isEqualTo("5411");
        assertThat(t.get("merchant").get("country").asString()).isEqualTo("US");
        assertLedgerBalanced();
    }

    @Test
    void declines_answer_the_documented_codes_and_change_no_balance() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "20.00");
        ASCIIChannel channel = connect();

        assertResponse(exchange(channel, authorization(card, 2001)), "0110", "51");
        ISOMsg wrongCvv = authorization(card, 100);
        wrongCvv.set(48, "R9203" + (card.cvv().equals("000") ? "111" : "000"));
        assertResponse(exchange(channel, wrongCvv), "0110", "N7");
        ISOMsg wrongExpiry = authorization(card, 100);
        wrongExpiry.set(14, "3001");
        assertResponse(exchange(channel, wrongExpiry), "0110", "54");
        ISOMsg allNines = authorization(card, 999_999_999_999L);
        assertResponse(exchange(channel, allNines), "0110", "61");
        ISOMsg yen = authorization(card, 100);
        yen.set(49, "392");
        assertResponse(exchange(channel, yen), "0110", "57");
        ISOMsg unknownCard = authorization(new NetworkCard(null, "4000000000000002", null, card.expiry()), 100);
        assertResponse(exchange(channel, unknownCard), "0110", "14");
        String pan = card.pan();
        String luhnFails = pan.substring(0, pan.length() - 1) + (char) ('0' + (pan.charAt(pan.length() - 1) - '0' + 1) % 10);
        assertResponse(exchange(channel, authorization(new NetworkCard(null, luhnFails, null, card.expiry()), 100)),
                "0110", "14");

        assertThat(api.patch("/v1/cards/" + card.id(), h.key(), body("controls", body("blockedMccs", List.of("5411"))))
                .status()).isEqualTo(200);
        assertResponse(exchange(channel, authorization(card, 100)), "0110", "57");
        assertThat(api.patch("/v1/cards/" + card.id(), h.key(), body("status", "frozen")).status()).isEqualTo(200);
        assertResponse(exchange(channel, authorization(card, 100)), "0110", "62");

        assertBalance(h.key(), card.id(), "20.00", "0.00", "20.00");
        List<JsonNode> declined = allPages("/v1/transactions?cardId=" + card.id() + "&status=declined", h.key());
        assertThat(declined).extracting(t -> t.get("declineReason").asString()).containsExactlyInAnyOrder(
                "insufficient_funds", "invalid_cvv", "invalid_expiry", "exceeds_transaction_limit",
                "unsupported_currency", "mcc_blocked", "card_frozen");
    }

    @Test
    void cvv2_in_field_48_and_a_pin_block_under_the_zone_pin_key_are_checked() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        assertThat(api.send("PUT", "/v1/cards/" + card.id() + "/pin", h.key(), body("pin", "4821"), Map.of()).status()).isEqualTo(200);
        PinBlocks zpk = new PinBlocks(HexFormat.of().parseHex(ZPK));
        ASCIIChannel channel = connect();

        ISOMsg good = authorization(card, 500);
        good.set(48, "R9203" + card.cvv());
        good.set(52, HexFormat.of().parseHex(zpk.encrypt("4821", card.pan())));
        assertResponse(exchange(channel, good), "0110", "00");

        ISOMsg otherKey = authorization(card, 500);
        PinBlocks wrong = new PinBlocks(HexFormat.of().parseHex("FEDCBA98765432100123456789ABCDEF"));
        otherKey.set(52, HexFormat.of().parseHex(wrong.encrypt("4821", card.pan())));
        assertResponse(exchange(channel, otherKey), "0110", "55");

        for (int i = 1; i <= 3; i++) {
            ISOMsg wrongPin = authorization(card, 500);
            wrongPin.set(52, HexFormat.of().parseHex(zpk.encrypt("1357", card.pan())));
            assertResponse(exchange(channel, wrongPin), "0110", i < 3 ? "55" : "75");
        }
        ISOMsg rightAfterBlock = authorization(card, 500);
        rightAfterBlock.set(52, HexFormat.of().parseHex(zpk.encrypt("4821", card.pan())));
        assertResponse(exchange(channel, rightAfterBlock), "0110", "75");
        assertBalance(h.key(), card.id(), "45.00", "5.00", "50.00");
    }

    @Test
    void a_0200_authorizes_and_captures_at_once_and_its_reversal_refunds() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "80.00");
        ASCIIChannel channel = connect();
        ISOMsg sale = request("0200", card, 3000);
        ISOMsg response = exchange(channel, sale);
        assertResponse(response, "0210", "00");
        assertBalance(h.key(), card.id(), "50.00", "0.00", "50.00");
        assertThat(onlyTransaction(h, card.id(), "authorization").get("status").asString()).isEqualTo("completed");

        assertResponse(exchange(channel, reversal("0400", sale, null)), "0410", "00");
        assertBalance(h.key(), card.id(), "80.00", "0.00", "80.00");
        assertThat(onlyTransaction(h, card.id(), "refund").get("amount").asString()).isEqualTo("30.00");
        // a second reversal of the same sale under a new STAN moves nothing
        assertResponse(exchange(channel, reversal("0420", sale, null)), "0430", "00");
        assertBalance(h.key(), card.id(), "80.00", "0.00", "80.00");
        assertLedgerBalanced();
    }

    @Test
    void a_0220_completion_captures_the_authorization_named_by_field_90_or_by_rrn() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ASCIIChannel channel = connect();

        ISOMsg first = authorization(card, 4000);
        assertResponse(exchange(channel, first), "0110", "00");
        ISOMsg byField90 = request("0220", card, 3500);
        byField90.set(90, originalData(first));
        assertResponse(exchange(channel, byField90), "0230", "00");
        // captured 35.00 of the 40.00 held; the rest is released
        assertBalance(h.key(), card.id(), "65.00", "0.00", "65.00");

        ISOMsg second = authorization(card, 1000);
        assertResponse(exchange(channel, second), "0110", "00");
        ISOMsg byRrn = request("0220", card, 1000);
        byRrn.set(37, second.getString(37));
        assertResponse(exchange(channel, byRrn), "0230", "00");
        assertBalance(h.key(), card.id(), "55.00", "0.00", "55.00");
        List<JsonNode> auths = allPages("/v1/transactions?cardId=" + card.id() + "&type=authorization", h.key());
        assertThat(auths).extracting(t -> t.get("status").asString()).containsOnly("completed");
        assertThat(auths).extracting(t -> t.get("capturedAmount").asString()).containsExactlyInAnyOrder("35.00",
                "10.00");
        assertLedgerBalanced();
    }

    @Test
    void a_0220_for_less_than_authorized_is_final_and_gives_the_rest_back_at_once() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        setLimits(h.key(), card.id(), "40.00", "40.00", "40.00");
        ASCIIChannel channel = connect();
        ISOMsg restaurant = authorization(card, 4000);
        assertResponse(exchange(channel, restaurant), "0110", "00");
        assertResponse(exchange(channel, authorization(card, 1)), "0110", "61");

        ISOMsg completion = request("0220", card, 3500);
        completion.set(90, originalData(restaurant));
        assertResponse(exchange(channel, completion), "0230", "00");
        // 35.00 posted, the other 5.00 available again in the same transaction
        assertBalance(h.key(), card.id(), "65.00", "0.00", "65.00");
        List<JsonNode> completed = allPages("/v1/transactions?cardId=" + card.id() + "&type=authorization&status=completed", h.key());
        assertThat(completed).hasSize(1);
        JsonNode t = completed.get(0);
        assertAuthorization(t, "completed", "0.00", "35.00", "5.00");
        List<JsonNode> updated = events(h.key(), "transaction.updated");
        assertThat(updated).hasSize(1);
        assertAuthorization(updated.get(0).get("data").get("object"), "completed", "0.00", "35.00", "5.00");
        assertLedgerBalanced();

        // closed: a second completion under a new STAN and a reversal of the 0100 move nothing
        ISOMsg again = request("0220", card, 500);
        again.set(90, originalData(restaurant));
        assertResponse(exchange(channel, again), "0230", "00");
        assertResponse(exchange(channel, reversal("0400", restaurant, null)), "0410", "00");
        assertBalance(h.key(), card.id(), "65.00", "0.00", "65.00");
        assertThat(api.get("/v1/transactions/" + t.get("id").asString(), h.key()).data().get("captures").size())
                .isEqualTo(1);
        assertThat(events(h.key(), "transaction.updated")).hasSize(1);

        // the released 5.00 went back to the daily window too: 5.00 more may be spent today, not 5.01
        assertResponse(exchange(channel, authorization(card, 501)), "0110", "61");
        assertResponse(exchange(channel, authorization(card, 500)), "0110", "00");
        assertBalance(h.key(), card.id(), "60.00", "5.00", "65.00");
        assertLedgerBalanced();
    }

    @Test
    void reversals_release_all_or_part_of_a_hold_and_unknown_or_late_ones_are_acknowledged() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ASCIIChannel channel = connect();

        ISOMsg full = authorization(card, 2000);
        assertResponse(exchange(channel, full), "0110", "00");
        assertResponse(exchange(channel, reversal("0400", full, null)), "0410", "00");
        assertBalance(h.key(), card.id(), "100.00", "0.00", "100.00");

        ISOMsg partial = authorization(card, 5000);
        assertResponse(exchange(channel, partial), "0110", "00");
        ISOMsg partialReversal = reversal("0420", partial, 1500L);
        ISOMsg answered = exchange(channel, partialReversal);
        assertResponse(answered, "0430", "00");
        assertThat(answered.getString(90)).isEqualTo(partialReversal.getString(90));
        // 50.00 held, 15.00 really spent: 35.00 released
        assertBalance(h.key(), card.id(), "85.00", "15.00", "100.00");

        ISOMsg neverSeen = authorization(card, 700);
        assertResponse(exchange(channel, reversal("0400", neverSeen, null)), "0410", "00");
        assertBalance(h.key(), card.id(), "85.00", "15.00", "100.00");

        ISOMsg late = authorization(card, 1000);
        assertResponse(exchange(channel, late), "0110", "00");
        ISOMsg completion = request("0220", card, 1000);
        completion.set(90, originalData(late));
        assertResponse(exchange(channel, completion), "0230", "00");
        assertResponse(exchange(channel, reversal("0400", late, null)), "0410", "00");
        // the capture stands: a reversal of a captured authorization releases nothing and refunds nothing
        assertBalance(h.key(), card.id(), "75.00", "15.00", "90.00");
        assertLedgerBalanced();
    }

    @Test
    void a_0120_advice_records_the_stand_in_spend_within_the_overdraft_bound() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "10.00");
        ASCIIChannel channel = connect();
        ISOMsg advice = request("0120", card, 3000);
        advice.set(38, "654321");
        ISOMsg response = exchange(channel, advice);
        assertResponse(response, "0130", "00");
        // the network approved 30.00 on a 10.00 card: the card goes 20.00 below zero (bound: 50.00)
        assertBalance(h.key(), card.id(), "-20.00", "0.00", "-20.00");
        assertThat(onlyTransaction(h, card.id(), "force_post").get("amount").asString()).isEqualTo("30.00");

        assertResponse(exchange(channel, request("0120", card, 4000)), "0130", "51");
        assertBalance(h.key(), card.id(), "-20.00", "0.00", "-20.00");
        assertLedgerBalanced();
    }

    @Test
    void a_retransmission_gets_the_first_answer_and_never_a_second_hold() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ISOMsg request = authorization(card, 1234);
        ISOMsg first = exchange(connect(), request);
        assertResponse(first, "0110", "00");

        ISOMsg again = exchange(connect(), request);
        assertResponse(again, "0110", "00");
        assertThat(again.getString(38)).isEqualTo(first.getString(38));
        ISOMsg repeat = (ISOMsg) request.clone();
        repeat.setMTI("0101");
        ISOMsg repeated = exchange(connect(), repeat);
        assertResponse(repeated, "0110", "00");
        assertThat(repeated.getString(38)).isEqualTo(first.getString(38));

        ISOMsg sameKeyOtherAmount = (ISOMsg) request.clone();
        sameKeyOtherAmount.set(4, "000000009999");
        assertResponse(exchange(connect(), sameKeyOtherAmount), "0110", "94");
        assertBalance(h.key(), card.id(), "87.66", "12.34", "100.00");
        assertThat(allPages("/v1/transactions?type=authorization&cardId=" + card.id(), h.key())).hasSize(1);
    }

    @Test
    void network_management_echoes_and_a_sign_off_stops_financial_messages_until_sign_on() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "10.00");
        ASCIIChannel channel = connect();
        for (String code : List.of("301", "002")) {
            ISOMsg m = new ISOMsg("0800");
            m.set(7, "0101120000");
            m.set(11, "000" + code);
            m.set(70, code);
            ISOMsg r = exchange(channel, m);
            assertResponse(r, "0810", "00");
            assertThat(r.getString(70)).isEqualTo(code);
        }
        assertResponse(exchange(channel, authorization(card, 100)), "0110", "91");
        ISOMsg signOn = new ISOMsg("0800");
        signOn.set(7, "0101120001");
        signOn.set(11, "000001");
        signOn.set(70, "001");
        assertResponse(exchange(channel, signOn), "0810", "00");
        assertResponse(exchange(channel, authorization(card, 100)), "0110", "00");
        assertBalance(h.key(), card.id(), "9.00", "1.00", "10.00");
    }

    @Test
    void many_requests_in_flight_on_one_connection_are_all_answered_and_matched_by_stan() throws Exception {
        Holder h = newHolder();
        int n = 64;
        List<NetworkCard> cards = List.of(networkCard(h, "100.00"), networkCard(h, "100.00"));
        ASCIIChannel channel = connect();
        Map<String, ISOMsg> sent = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ISOMsg m = authorization(cards.get(i % 2), 100);
            sent.put(m.getString(11), m);
            channel.send(m);
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ISOMsg r = channel.receive();
            assertThat(sent.remove(r.getString(11))).as("answers a STAN that was sent, once").isNotNull();
            assertResponse(r, "0110", "00");
            order.add(r.getString(11));
        }
        assertThat(sent).isEmpty();
        for (NetworkCard c : cards) {
            assertBalance(h.key(), c.id(), "68.00", "32.00", "100.00");
        }
        Api.Resp verification = api.get("/v1/platform/ledger/verification", ADMIN);
        assertThat(verification.status()).isEqualTo(200);
        assertLedgerBalanced();
    }

    @Test
    void a_reversal_finds_an_original_sent_without_field_32_by_the_zero_acquirer_of_field_90() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        ASCIIChannel channel = connect();
        ISOMsg original = authorization(card, 1200);
        original.unset(32);
        assertResponse(exchange(channel, original), "0110", "00");
        assertBalance(h.key(), card.id(), "38.00", "12.00", "50.00");

        ISOMsg reversal = (ISOMsg) original.clone();
        reversal.setMTI("0400");
        reversal.set(11, String.format("%06d", (Integer.parseInt(original.getString(11)) + 500_000) % 1_000_000));
        reversal.set(90, "0100" + original.getString(11) + original.getString(7) + "0".repeat(22));
        assertResponse(exchange(channel, reversal), "0410", "00");
        assertBalance(h.key(), card.id(), "50.00", "0.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_reversal_naming_another_reversal_is_acknowledged_and_moves_no_money() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ASCIIChannel channel = connect();
        ISOMsg auth = authorization(card, 4000);
        assertResponse(exchange(channel, auth), "0110", "00");
        ISOMsg completion = request("0220", card, 4000);
        completion.set(90, originalData(auth));
        assertResponse(exchange(channel, completion), "0230", "00");
        ISOMsg lateReversal = reversal("0400", auth, null);
        assertResponse(exchange(channel, lateReversal), "0410", "00");
        assertBalance(h.key(), card.id(), "60.00", "0.00", "60.00");

        // field 90 names the reversal, not a sale: no refund of the captured 40.00
        assertResponse(exchange(channel, reversal("0420", lateReversal, null)), "0430", "00");
        assertBalance(h.key(), card.id(), "60.00", "0.00", "60.00");
        assertThat(allPages("/v1/transactions?cardId=" + card.id() + "&type=refund", h.key())).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_0400_and_a_0420_of_one_advice_in_parallel_refund_it_once() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ASCIIChannel adviser = connect();
        List<ISOMsg> advices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ISOMsg advice = request("0120", card, 1000);
            advice.set(38, "65432" + i);
            assertResponse(exchange(adviser, advice), "0130", "00");
            advices.add(advice);
        }
        assertBalance(h.key(), card.id(), "60.00", "0.00", "60.00");

        ASCIIChannel one = connect();
        ASCIIChannel other = connect();
        for (ISOMsg advice : advices) {
            one.send(reversal("0400", advice, null));
            other.send(reversal("0420", advice, null));
        }
        for (int i = 0; i < advices.size(); i++) {
            assertResponse(one.receive(), "0410", "00");
            assertResponse(other.receive(), "0430", "00");
        }
        // each advice refunded once, though two reversals of it raced
        assertBalance(h.key(), card.id(), "100.00", "0.00", "100.00");
        assertThat(allPages("/v1/transactions?cardId=" + card.id() + "&type=refund", h.key())).hasSize(4);
        assertLedgerBalanced();
    }

    @Test
    void a_reversal_sent_while_its_original_waits_on_a_slow_decision_endpoint_releases_the_hold() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        java.util.concurrent.atomic.AtomicLong delayMs = new java.util.concurrent.atomic.AtomicLong();
        com.sun.net.httpserver.HttpServer endpoint = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        endpoint.createContext("/decide", e -> {
            try {
                e.getRequestBody().readAllBytes();
                Thread.sleep(delayMs.get());
                byte[] body = "{\"approved\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                e.getResponseHeaders().add("Content-Type", "application/json");
                e.sendResponseHeaders(200, body.length);
                e.getResponseBody().write(body);
            } catch (Exception ignored) {
                // Emboss stopped waiting
            } finally {
                e.close();
            }
        });
        endpoint.start();
        try {
            Api.Resp registered = api.send("PUT", "/v1/authorization-endpoint", h.key(), body("url",
                    "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/decide", "standIn", "approve",
                    "timeoutMs", 2000), Map.of());
            assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
            // longer than a reversal waits for its original (recorded as pending), then shorter (it waits)
            for (long delay : new long[] {NetworkFront.ORIGINAL_WAIT_MS + 700, NetworkFront.ORIGINAL_WAIT_MS / 3}) {
                delayMs.set(delay);
                ASCIIChannel slow = connect();
                ISOMsg original = authorization(card, 2500);
                slow.send(original);
                Thread.sleep(150);
                ISOMsg reversed = exchange(connect(), reversal("0400", original, null));
                assertResponse(reversed, "0410", "00");
                assertResponse(slow.receive(), "0110", "00");
                assertBalance(h.key(), card.id(), "100.00", "0.00", "100.00");
            }
        } finally {
            endpoint.stop(0);
        }
        List<JsonNode> auths = allPages("/v1/transactions?cardId=" + card.id() + "&type=authorization", h.key());
        assertThat(auths).extracting(t -> t.get("status").asString()).containsOnly("reversed");
        assertLedgerBalanced();
    }

    @Test
    void a_0220_after_a_0120_advice_charges_once_and_only_a_different_amount_moves_the_difference() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        ASCIIChannel channel = connect();
        ISOMsg advice = request("0120", card, 3000);
        advice.set(38, "111111");
        assertResponse(exchange(channel, advice), "0130", "00");
        ISOMsg byField90 = request("0220", card, 3000);
        byField90.set(90, originalData(advice));
        assertResponse(exchange(channel, byField90), "0230", "00");
        assertBalance(h.key(), card.id(), "70.00", "0.00", "70.00");

        ISOMsg second = request("0120", card, 1000);
        second.set(38, "222222");
        assertResponse(exchange(channel, second), "0130", "00");
        ISOMsg byRrn = request("0220", card, 1200);
        byRrn.set(37, second.getString(37));
        assertResponse(exchange(channel, byRrn), "0230", "00");
        // 10.00 advised, 12.00 completed: 2.00 more
        assertBalance(h.key(), card.id(), "58.00", "0.00", "58.00");
        ISOMsg again = request("0220", card, 1200);
        again.set(37, second.getString(37));
        assertResponse(exchange(channel, again), "0230", "00");
        assertBalance(h.key(), card.id(), "58.00", "0.00", "58.00");
        assertThat(allPages("/v1/transactions?cardId=" + card.id() + "&type=force_post", h.key())).hasSize(3);
        assertLedgerBalanced();
    }

    @Test
    void a_96_is_not_kept_so_the_networks_repeat_is_processed_afresh() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        ASCIIChannel channel = connect();
        ISOMsg sale = request("0200", card, 2000);
        assertResponse(exchange(channel, sale), "0210", "00");
        Api.Resp closed = api.send("DELETE", "/v1/cards/" + card.id(), h.key(), body("reason", "lost"), Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);

        // the refund to a closed card is refused: a system error the network will repeat
        ISOMsg reversal = reversal("0400", sale, null);
        assertResponse(exchange(channel, reversal), "0410", "96");
        Exchange.Key key = new Exchange.Key(ACQUIRER, reversal.getString(11), reversal.getString(7), "0400");
        assertThat(exchanges.find(key)).as("the 96 is not stored").isEmpty();
        ISOMsg repeat = (ISOMsg) reversal.clone();
        repeat.setMTI("0401");
        assertResponse(exchange(channel, repeat), "0410", "96");
        assertThat(exchanges.find(key)).isEmpty();
        assertThat(allPages("/v1/transactions?cardId=" + card.id() + "&type=refund", h.key())).isEmpty();
        assertLedgerBalanced();
    }
}
