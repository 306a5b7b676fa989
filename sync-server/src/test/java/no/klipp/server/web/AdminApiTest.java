package no.klipp.server.web;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.card.ParseResult;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import no.klipp.server.terminal.TerminalService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest extends OnBothDatabases {

  World w;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Lørenskog");
  }

  @Test
  void issuedCredentialVerifiesWithTheSchemePublicKey() {
    JsonNode card = ok(c.get("/api/v1/cards/" + w.cards.getFirst(), w.admin), 200);
    JsonNode keys = ok(c.get("/api/v1/schemes/" + w.scheme.id() + "/keys", w.admin), 200);
    IssuerKeyring ring = IssuerKeyring.of(IssuerKeyring.Entry.ofBase64(w.scheme.id(), keys.get(0).get("keyId").asInt(),
        keys.get(0).get("publicKey").asText()));
    ParseResult result = new CredentialCodec(ring).parseQr(card.get("credential").asText());
    ParseResult.Valid valid = (ParseResult.Valid) result;
    assertEquals(w.cards.getFirst(), valid.credential().cardNumber().digits());
    assertEquals(1, valid.credential().serial());
  }

  @Test
  void cardValidityFollowsTheSchemeAndRenewExtendsIt() {
    JsonNode card = ok(c.get("/api/v1/cards/" + w.cards.getFirst(), w.admin), 200).get("card");
    assertEquals("2026-03-02", card.get("validFrom").asText());
    assertEquals("2027-03-01", card.get("validUntil").asText());
    JsonNode renewed = ok(c.post("/api/v1/cards/" + w.cards.getFirst() + "/renew", w.admin, null), 200);
    assertEquals("2026-03-02", renewed.get("validFrom").asText(), "renewed before it ends: no day of it is lost");
    assertEquals("2028-03-01", renewed.get("validUntil").asText());
  }

  @Test
  void aCardRenewedAlreadyIsNotRenewedASecondYearAhead() {
    ok(c.post("/api/v1/cards/" + w.cards.getFirst() + "/renew", w.admin, null), 200);
    Client.Response again = c.post("/api/v1/cards/" + w.cards.getFirst() + "/renew", w.admin, null);
    assertEquals(409, again.status(), again.toString());
    assertTrue(again.tree().get("message").asText().contains("valid until 2028-03-01 already"), again.toString());
    assertEquals("2028-03-01", ok(c.get("/api/v1/cards/" + w.cards.getFirst(), w.admin), 200).get("card")
        .get("validUntil").asText());
  }

  @Test
  void anExpiredCardIsRenewedFromToday() {
    ts.clock.advance(java.time.Duration.ofDays(400));
    no.klipp.server.card.Card renewed = ts.server.cards.renew(w.cards.getFirst(), null);
    assertEquals(java.time.LocalDate.parse("2027-04-06"), renewed.validFrom());
    assertEquals(java.time.LocalDate.parse("2028-04-05"), renewed.validUntil());
  }

  /** Begun inside the old period, a renewal would move the card year and give its quota again. */
  @Test
  void anExpiredCardIsNotRenewedFromADayOfItsLastPeriod() {
    String number = w.cards.getFirst();
    ts.clock.advance(java.time.Duration.ofDays(370)); // the card ended on 2027-03-01
    String admin = ts.login("Lørenskog-admin"); // a year later: signed in again
    Client.Response r = c.post("/api/v1/cards/" + number + "/renew", admin, Map.of("validFrom", "2027-02-01"));
    assertEquals(400, r.status(), r.toString());
    assertTrue(r.tree().get("message").asText().contains("after 2027-03-01"), r.toString());
    assertEquals("2027-03-01", ok(c.get("/api/v1/cards/" + number, admin), 200).get("card")
        .get("validUntil").asText(), "unchanged");
    assertEquals("2027-03-02", ok(c.post("/api/v1/cards/" + number + "/renew", admin,
        Map.of("validFrom", "2027-03-02")), 200).get("validFrom").asText(), "the day after is fine");
  }

  @Test
  void replacingALostCardRaisesTheSerialAndRevokesTheOldCredential() {
    String number = w.cards.getFirst();
    String before = ok(c.get("/api/v1/cards/" + number, w.admin), 200).get("credential").asText();
    assertEquals(CredentialCodec.fingerprint(before), fingerprintInLedger(number), "the roster knows the printed QR");
    JsonNode replaced = ok(c.post("/api/v1/cards/" + number + "/replace", w.admin, null), 200);
    String after = replaced.get("credential").asText();
    assertEquals(after, ok(c.get("/api/v1/cards/" + number, w.admin), 200).get("credential").asText());
    assertEquals(CredentialCodec.fingerprint(after), fingerprintInLedger(number), "...and then the new one");
    assertEquals(number, replaced.get("card").get("cardNumber").asText());
    assertEquals(2, replaced.get("card").get("credentialSerial").asInt());
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertTrue(snap.revocations().stream().anyMatch(r -> r.cardNumber().equals(number) && r.credentialSerial() == 1));
    assertEquals(2, snap.cards().stream().filter(r -> r.cardNumber().equals(number)).findFirst().orElseThrow()
        .credentialSerial());
  }

  @Test
  void cardsIssuedBeforeFingerprintsWereKeptGetThemAndTerminalsHearOfIt() {
    String number = w.cards.getFirst();
    String qr = ok(c.get("/api/v1/cards/" + number, w.admin), 200).get("credential").asText();
    String cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    ts.testDb.db.transaction(sql -> sql.update("UPDATE card SET fingerprint = NULL"));
    assertEquals(null, fingerprintInLedger(number), "as a card from before V24");

    assertEquals(w.cards.size(), ts.server.cards.backfillFingerprints());
    assertEquals(CredentialCodec.fingerprint(qr), fingerprintInLedger(number));
    no.klipp.protocol.sync.LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token())
        .as(no.klipp.protocol.sync.LedgerDelta.class);
    assertTrue(delta.cards().stream().anyMatch(r -> r.cardNumber().equals(number)
        && CredentialCodec.fingerprint(qr).equals(r.fingerprint())), "the next delta brings it to terminals");
    assertEquals(0, ts.server.cards.backfillFingerprints(), "nothing left to do");
  }

  private String fingerprintInLedger(String number) {
    return c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cards().stream()
        .filter(r -> r.cardNumber().equals(number)).findFirst().orElseThrow().fingerprint();
  }

  @Test
  void revokedCardIsRevokedInTheLedgerAndCannotBeRenewed() {
    String number = w.cards.get(1);
    ok(c.post("/api/v1/cards/" + number + "/revoke", w.admin, null), 200);
    assertEquals(409, c.post("/api/v1/cards/" + number + "/renew", w.admin, null).status());
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertEquals("REVOKED", snap.cards().stream().filter(r -> r.cardNumber().equals(number)).findFirst()
        .orElseThrow().status().name());
  }

  @Test
  void paidNeverReachesTheTerminal() {
    ok(c.put("/api/v1/cards/" + w.cards.getFirst() + "/paid", w.admin, Map.of("paid", true)), 200);
    assertTrue(ok(c.get("/api/v1/cards/" + w.cards.getFirst(), w.admin), 200).get("card").get("paid").asBoolean());
    String snapshot = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).text();
    assertFalse(snapshot.contains("paid"), snapshot);
    assertFalse(snapshot.contains("priceOre"));
    assertFalse(snapshot.contains("refund"));
  }

  @Test
  void offersCanBeChangedWithdrawnAndTargeted() {
    String base = "/api/v1/offers/" + w.offerId;
    JsonNode changed = ok(c.put(base, w.admin, Map.of("name", "Billett og popcorn", "targeted", true,
        "refundPercent", 100)), 200);
    assertEquals(100, changed.get("refundPercent").asInt());
    assertTrue(changed.get("quota").isNull(), "no quota given means unlimited");
    ok(c.put(base + "/cards", w.admin, Map.of("cardNumbers", List.of(w.cards.get(2)))), 200);
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertEquals(List.of(w.offerId), snap.cards().stream().filter(r -> r.cardNumber().equals(w.cards.get(2)))
        .findFirst().orElseThrow().offers());
    assertTrue(snap.offers().getFirst().targeted());
    ok(c.delete(base, w.admin), 200);
    assertTrue(c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).offers().isEmpty());
  }

  @Test
  void refundShareMustBeOneOfThree() {
    Client.Response r = c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin,
        Map.of("name", "Bad", "refundPercent", 30));
    assertEquals(400, r.status());
    assertEquals("invalid", r.tree().get("code").asText());
    assertTrue(r.tree().get("message").asText().contains("refundPercent"));
  }

  @Test
  void keyRotationKeepsOldCardsValidAndSignsNewOnesWithTheNewKey() {
    JsonNode key = ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/keys", w.admin, null), 201);
    assertEquals(2, key.get("keyId").asInt());
    JsonNode card = ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin,
        Map.of("firstName", "Nora", "birthYear", 2013)), 201);
    assertEquals(2, card.get("card").get("keyId").asInt());
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertEquals(2, snap.issuerKeys().size());
    IssuerKeyring ring = IssuerKeyring.of(snap.issuerKeys().stream()
        .map(k -> IssuerKeyring.Entry.ofBase64(k.schemeId(), k.keyId(), k.publicKey())).toList());
    CredentialCodec codec = new CredentialCodec(ring);
    assertTrue(codec.parseQr(card.get("credential").asText()) instanceof ParseResult.Valid);
    String old = ok(c.get("/api/v1/cards/" + w.cards.getFirst(), w.admin), 200).get("credential").asText();
    assertTrue(codec.parseQr(old) instanceof ParseResult.Valid);
  }

  @Test
  void terminalRegistrationShowsStatusAfterEnrollment() {
    JsonNode list = ok(c.get("/api/v1/venues/" + w.venueId + "/terminals", w.admin), 200);
    assertEquals(1, list.size());
    assertEquals("ACTIVE", list.get(0).get("state").asText());
    assertEquals("t1", list.get(0).get("softwareVersion").asText());
    assertNotNull(list.get(0).get("lastContactAt").asText());
    assertFalse(list.toString().contains("token"), "no secrets in listings");
  }

  @Test
  void enrollmentCodeWorksOnce() {
    String code = ok(c.post("/api/v1/venues/" + w.venueId + "/terminals", w.admin, Map.of("name", "Kasse 2")), 201)
        .get("enrollmentCode").asText();
    JsonNode first = ok(c.post(ApiPaths.ENROLL, null, Map.of("code", code.toLowerCase())), 200);
    assertEquals(w.venueId, first.get("venueId").asText());
    Client.Response second = c.post(ApiPaths.ENROLL, null, Map.of("code", code));
    assertEquals(401, second.status());
    assertEquals("unauthorized", second.tree().get("code").asText());
  }

  @Test
  void anInstallationWhoseAnswerWasLostMayEnrollAgainShortlyWithTheSameCode() {
    String code = ok(c.post("/api/v1/venues/" + w.venueId + "/terminals", w.admin, Map.of("name", "Kasse 3")), 201)
        .get("enrollmentCode").asText();
    String installation = "inst-0123456789abcdef";
    String lost = ok(c.post(ApiPaths.ENROLL, null, Map.of("code", code, "installationId", installation)), 200)
        .get("token").asText();
    assertEquals(200, c.get(ApiPaths.LEDGER_SNAPSHOT, lost).status());

    ts.clock.advance(Duration.ofMinutes(2));
    assertEquals(401, c.post(ApiPaths.ENROLL, null, Map.of("code", code, "installationId", "another-installation-id"))
        .status(), "another installation with the same code");
    assertEquals(401, c.post(ApiPaths.ENROLL, null, Map.of("code", code)).status(), "no installation id");
    JsonNode again = ok(c.post(ApiPaths.ENROLL, null, Map.of("code", code, "installationId", installation)), 200);
    String token = again.get("token").asText();
    assertNotEquals(lost, token);
    assertEquals(w.venueId, again.get("venueId").asText());
    assertEquals(200, c.get(ApiPaths.LEDGER_SNAPSHOT, token).status());
    assertEquals(401, c.get(ApiPaths.LEDGER_SNAPSHOT, lost).status(), "the lost answer's token no longer works");
    assertEquals(1, ok(c.get("/api/v1/venues/" + w.venueId + "/terminals", w.admin), 200).findValues("name").stream()
        .filter(n -> n.asText().equals("Kasse 3")).count(), "still one terminal");

    ts.clock.advance(TerminalService.RETRY_WINDOW);
    assertEquals(401, c.post(ApiPaths.ENROLL, null, Map.of("code", code, "installationId", installation)).status(),
        "only shortly after the first enrollment");
    assertEquals(400, c.post(ApiPaths.ENROLL, null, Map.of("code", code, "installationId", "short")).status());
  }

  @Test
  void revokedTerminalIsRefusedAtOnceAndRotationReplacesTheToken() {
    String old = w.terminal.token();
    assertEquals(200, c.get(ApiPaths.LEDGER_SNAPSHOT, old).status());
    JsonNode rotated = ok(c.post("/api/v1/terminals/" + w.terminal.terminalId() + "/rotate", w.admin, null), 200);
    assertNotEquals(200, c.get(ApiPaths.LEDGER_SNAPSHOT, old).status());
    String token = ok(c.post(ApiPaths.ENROLL, null, Map.of("code", rotated.get("enrollmentCode").asText())), 200)
        .get("token").asText();
    assertEquals(200, c.get(ApiPaths.LEDGER_SNAPSHOT, token).status());
    ok(c.post("/api/v1/terminals/" + w.terminal.terminalId() + "/revoke", w.admin, null), 200);
    Client.Response refused = c.get(ApiPaths.LEDGER_SNAPSHOT, token);
    assertEquals(403, refused.status());
    assertEquals("terminal_revoked", refused.tree().get("code").asText());
  }

  @Test
  void everyResponseCarriesTheServerTime() {
    assertEquals(TestServer.START.toString(), c.get("/api/v1/health", null).header(ApiPaths.SERVER_TIME_HEADER));
    Client.Response error = c.get("/api/v1/nothing-here", null);
    assertEquals(404, error.status());
    assertEquals(TestServer.START.toString(), error.header(ApiPaths.SERVER_TIME_HEADER));
    assertEquals(TestServer.START.toString(), error.tree().get("serverTime").asText());
  }

  @Test
  void schemeSettingsCanBeChanged() {
    JsonNode s = ok(c.put("/api/v1/schemes/" + w.scheme.id(), w.admin, Map.of("name", "Lørenskog og Rælingen",
        "municipalities", List.of("Lørenskog", "Rælingen"), "minAge", 6, "maxAge", 16, "companions", 2)), 200);
    assertEquals(2, s.get("municipalities").size());
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertEquals(2, snap.scheme().companions());
    assertEquals(6, snap.scheme().minAge());
  }
}
