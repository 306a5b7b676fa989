package no.klipp.server.scheme;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.card.ParseResult;
import no.klipp.protocol.card.RejectReason;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.RetiredIssuerKey;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leaked issuing key is retired: terminals are told to delete it and snapshots leave it out, so
 * a credential forged with it no longer passes; the cards it signed are replaced.
 */
class KeyRetirementTest extends OnBothDatabases {

  World w;
  String keys;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Nøkkelby");
    keys = "/api/v1/schemes/" + w.scheme.id() + "/keys";
  }

  @Test
  void aRetiredKeyLeavesTheLedgerAndItsCardsAreReplaced() {
    String cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    String oldCredential = ok(c.get("/api/v1/cards/" + w.cards.getFirst(), w.admin), 200).get("credential").asText();

    assertEquals(409, c.post(keys + "/1/retire", w.admin, null).status(), "the active key: rotate first");
    ok(c.post(keys, w.admin, null), 201);
    JsonNode retired = ok(c.post(keys + "/1/retire", w.admin, null), 200);
    assertEquals(1, retired.get("keyId").asInt());
    assertEquals(w.cards.size(), retired.get("cardsToReplace").asLong());

    LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token()).as(LedgerDelta.class);
    assertEquals(List.of(new RetiredIssuerKey(w.scheme.id(), 1)), delta.retiredIssuerKeys());
    assertEquals(List.of(2), delta.issuerKeys().stream().map(IssuerPublicKey::keyId).toList());
    LedgerSnapshot snapshot = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertEquals(List.of(2), snapshot.issuerKeys().stream().map(IssuerPublicKey::keyId).toList());
    assertEquals(List.of(2), ok(c.get(keys, w.admin), 200).findValues("keyId").stream().map(JsonNode::asInt).toList());
    LedgerDelta after = c.get(ApiPaths.LEDGER_DELTA + "?since=" + delta.cursor(), w.terminal.token())
        .as(LedgerDelta.class);
    assertEquals(List.of(), after.retiredIssuerKeys(), "told once");

    // What the terminal's keyring then holds refuses the old credential, and accepts its replacement.
    CredentialCodec codec = new CredentialCodec(IssuerKeyring.of(snapshot.issuerKeys().stream()
        .map(k -> IssuerKeyring.Entry.ofBase64(k.schemeId(), k.keyId(), k.publicKey())).toList()));
    assertEquals(RejectReason.UNKNOWN_KEY,
        assertInstanceOf(ParseResult.Rejected.class, codec.parseQr(oldCredential)).reason());
    assertEquals(409, c.get("/api/v1/cards/" + w.cards.getFirst() + "/card.png", w.admin).status(),
        "printed again, the card would be refused");
    JsonNode replaced = ok(c.post("/api/v1/cards/" + w.cards.getFirst() + "/replace", w.admin, null), 200);
    assertEquals(2, replaced.get("card").get("keyId").asInt());
    assertTrue(codec.parseQr(replaced.get("credential").asText()).isValid());
    assertEquals(w.cards.size() - 1,
        ok(c.post(keys + "/1/retire", w.admin, null), 200).get("cardsToReplace").asLong(), "again: no change");
  }

  @Test
  void unknownKeysAreNotFound() {
    ok(c.post(keys, w.admin, null), 201);
    assertEquals(404, c.post(keys + "/7/retire", w.admin, null).status());
    // 2^32 + 1 would be key 1 if cut down to an int.
    assertEquals(404, c.post(keys + "/4294967297/retire", w.admin, null).status());
    assertEquals(2, ok(c.get(keys, w.admin), 200).size());
  }
}
