package no.klipp.server.dashboard;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.auth.Person;
import no.klipp.server.auth.Role;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-card look-up leaves out an admission voided by its own venue, and only such. */
class CardLookupsTest extends OnBothDatabases {

  World w;
  World.Site pool;
  String card;
  CardLookups lookups;
  Person caseworker;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    pool = w.site("Kragerø bad");
    card = w.cards.getFirst();
    lookups = new CardLookups(ts.testDb.db, ts.clock);
    long userId = ts.testDb.db.read(sql -> sql.one("SELECT id FROM app_user WHERE username = ?", r -> r.longValue("id"),
        "Kragerø-admin").orElseThrow());
    caseworker = new Person(userId, "Kragerø-admin", Role.ADMIN, w.scheme.id(), null);
  }

  @Test
  void anotherVenuesVoidDoesNotHideTheAdmission() {
    Visit admission = visit(pool.terminal(), pool.offerId(), 1, VisitKind.ADMISSION, null);
    upload(pool.terminal(), admission);
    upload(w.terminal, visit(w.terminal, w.offerId, 1, VisitKind.VOID, admission.id()));
    assertEquals(List.of("Kragerø bad"), venues());
  }

  @Test
  void theVenuesOwnVoidHidesTheAdmission() {
    Visit admission = visit(pool.terminal(), pool.offerId(), 1, VisitKind.ADMISSION, null);
    upload(pool.terminal(), admission);
    assertEquals(List.of("Kragerø bad"), venues());
    upload(pool.terminal(), visit(pool.terminal(), pool.offerId(), 2, VisitKind.VOID, admission.id()));
    assertEquals(List.of(), venues());
  }

  private Visit visit(EnrollResponse t, String offerId, long seq, VisitKind kind, UUID refersTo) {
    return new Visit(UUID.randomUUID(), seq, kind, refersTo, card, 1, offerId, t.venueId(), t.terminalId(),
        TestServer.START.plusSeconds(seq * 60), 0, Set.of());
  }

  private void upload(EnrollResponse t, Visit visit) {
    ok(ts.client.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), List.of(visit), null)), 200);
  }

  /** The venues of the card's uses, as the look-up shows them. */
  private List<String> venues() {
    return lookups.lookUp(caseworker, card, "Foresatt spør").stream().map(CardLookups.Use::venue).toList();
  }
}
