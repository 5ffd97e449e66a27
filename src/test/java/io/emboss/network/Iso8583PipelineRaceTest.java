package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: the ISO 8583 front decides through the same pipeline as the simulator, so a card hit
 * by many peers' requests at once approves exactly what it can afford, and the declines answer
 * 51 (insufficient funds, docs/iso8583.md).
 */
class Iso8583PipelineRaceTest extends Iso8583TestBase {

    @Test
    void fifty_parallel_0100s_of_ten_on_a_hundred_approve_exactly_ten() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        // one connection per request, as many acquirers' requests would arrive: each waits for its answer
        List<ASCIIChannel> channels = new ArrayList<>();
        List<ISOMsg> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            channels.add(connect());
            requests.add(authorization(card, 1000));
        }

        List<ISOMsg> responses = inParallel(50, i -> () -> exchange(channels.get(i), requests.get(i)));

        int approved = 0;
        int declined = 0;
        for (int i = 0; i < responses.size(); i++) {
            ISOMsg r = responses.get(i);
            assertThat(r.getMTI()).isEqualTo("0110");
            assertThat(r.getString(37)).isEqualTo(requests.get(i).getString(37));
            if ("00".equals(r.getString(39))) {
                assertThat(r.getString(38)).as("approval code").matches("\\d{6}");
                approved++;
            } else {
                assertThat(r.getString(39)).as("field 39 of a decline").isEqualTo("51");
                declined++;
            }
        }
        assertThat(approved).isEqualTo(10);
        assertThat(declined).isEqualTo(40);
        assertBalance(h.key(), card.id(), "0.00", "100.00", "100.00");
        List<JsonNode> recorded = allPages("/v1/transactions?type=authorization&cardId=" + card.id(), h.key());
        assertThat(recorded).filteredOn(t -> t.get("status").asString().equals("pending")).hasSize(10)
                .allMatch(t -> t.get("heldAmount").asString().equals("10.00"));
        assertThat(recorded).filteredOn(t -> t.get("status").asString().equals("declined")).hasSize(40)
                .allMatch(t -> t.get("declineReason").asString().equals("insufficient_funds"));
        assertLedgerBalanced();
    }
}
