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

    @Test
    void a_0100s_answer_commits_in_the_transaction_of_its_decision() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "100.00");
        // which database transaction wrote each authorization's record and each message's answer
        ddl("CREATE TABLE written_by (authorization_id TEXT, kind TEXT, txid BIGINT)");
        ddl("CREATE FUNCTION note_answer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF OLD.response_code IS NULL AND NEW.response_code IS NOT NULL THEN "
                + "INSERT INTO written_by VALUES (NEW.authorization_id, 'answer', txid_current()); END IF; "
                + "RETURN NEW; END $$");
        ddl("CREATE TRIGGER note_answer AFTER UPDATE ON iso8583_messages FOR EACH ROW EXECUTE FUNCTION note_answer()");
        ddl("CREATE FUNCTION note_decision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO written_by VALUES (NEW.authorization_id, 'decision', txid_current()); RETURN NEW; END $$");
        ddl("CREATE TRIGGER note_decision AFTER INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION note_decision()");
        try {
            List<ASCIIChannel> channels = new ArrayList<>();
            List<ISOMsg> requests = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                channels.add(connect());
                requests.add(authorization(card, i < 12 ? 500 : 3_000));
            }
            List<ISOMsg> responses = inParallel(16, i -> () -> exchange(channels.get(i), requests.get(i)));
            assertThat(responses).extracting(r -> r.getString(39)).containsOnly("00", "51");

            // approvals and declines alike: the answer is written by the batch that decided
            assertThat(count("SELECT count(*) FROM written_by WHERE kind = 'answer'")).isEqualTo(16);
            assertThat(count("SELECT count(*) FROM written_by a JOIN written_by d ON a.authorization_id = "
                    + "d.authorization_id AND a.kind = 'answer' AND d.kind = 'decision' AND a.txid = d.txid"))
                    .isEqualTo(16);
            // a retransmission of one of them replays its committed answer and moves nothing
            ISOMsg again = exchange(connect(), requests.get(0));
            assertThat(again.getString(39)).isEqualTo(responses.get(0).getString(39));
            assertThat(again.getString(38)).isEqualTo(responses.get(0).getString(38));
            assertThat(count("SELECT count(*) FROM written_by WHERE kind = 'decision'")).isEqualTo(16);
        } finally {
            ddl("DROP TRIGGER note_answer ON iso8583_messages");
            ddl("DROP TRIGGER note_decision ON transactions");
        }
        assertLedgerBalanced();
    }

    private void ddl(String statement) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                io.emboss.support.PostgresSchema.urlFor(schema), io.emboss.support.PostgresSchema.user(),
                io.emboss.support.PostgresSchema.password());
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String query) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                io.emboss.support.PostgresSchema.urlFor(schema), io.emboss.support.PostgresSchema.user(),
                io.emboss.support.PostgresSchema.password());
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
