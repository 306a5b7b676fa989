package no.klipp.server.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.server.scheme.IssuerKeys;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.scheme.SchemeRepository;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import no.klipp.server.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two changes of one card at once (a double click, two administrators, two server instances): each
 * is made to the card as the other left it, so no credential handed out stays valid unrevoked.
 */
class ConcurrentCardChangeTest extends OnBothDatabases {

  World w;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /**
   * A card service (as of another server instance) whose clock holds each caller until both have
   * read the card: the two changes then run their transactions on what both read before either wrote.
   */
  CardService gated(CyclicBarrier bothRead) {
    Clock clock = new Clock() {
      final ThreadLocal<Boolean> passed = ThreadLocal.withInitial(() -> false);

      @Override
      public ZoneId getZone() {
        return ZoneId.of("UTC");
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        if (!passed.get()) {
          passed.set(true);
          try {
            bothRead.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        return ts.clock.instant();
      }
    };
    SecureRandom random = new SecureRandom();
    return new CardService(ts.testDb.db, new CardRepository(), new SchemeRepository(),
        new IssuerKeys(MasterKey.loadOrCreate(ts.testDb.dir.resolve("master.key"), random), random), clock, random);
  }

  @Test
  void twoReplacementsAtOnceLeaveOnlyTheLastCredentialValid() throws Exception {
    String number = w.cards.getFirst();
    CyclicBarrier bothRead = new CyclicBarrier(2);
    CardService one = gated(bothRead);
    CardService two = gated(bothRead);
    Future<IssuedCard> a = pool.submit(() -> one.replace(number));
    Future<IssuedCard> b = pool.submit(() -> two.replace(number));
    int serialA = a.get(30, TimeUnit.SECONDS).card().credentialSerial();
    int serialB = b.get(30, TimeUnit.SECONDS).card().credentialSerial();

    assertNotEquals(serialA, serialB, "two printed cards with the same credential serial: revoking one cannot "
        + "tell them apart, and the first one printed stays valid");
    Card card = ts.server.cards.get(number);
    assertEquals(3, card.credentialSerial());
    List<Integer> revoked = ts.testDb.db.read(sql -> new CardRepository().revocationsOf(sql, List.of(number)))
        .stream().map(r -> r.credentialSerial()).sorted().toList();
    assertEquals(List.of(1, 2), revoked, "every credential but the current one is revoked");
  }

  @Test
  void aRevocationAtTheTimeOfAReplacementRevokesEveryCredential() throws Exception {
    String number = w.cards.getFirst();
    CyclicBarrier bothRead = new CyclicBarrier(2);
    CardService one = gated(bothRead);
    CardService two = gated(bothRead);
    Future<IssuedCard> replaced = pool.submit(() -> one.replace(number));
    Future<Card> revoked = pool.submit(() -> two.revoke(number));
    revoked.get(30, TimeUnit.SECONDS);
    try {
      replaced.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // Revoked first: the replacement is refused, which is right too.
      assertEquals(409, ((ApiException) e.getCause()).status(), e.toString());
    }

    Card card = ts.server.cards.get(number);
    assertEquals(CardStatus.REVOKED, card.status());
    List<Integer> serials = ts.testDb.db.read(sql -> new CardRepository().revocationsOf(sql, List.of(number)))
        .stream().map(r -> r.credentialSerial()).sorted().toList();
    assertEquals(IntStream.rangeClosed(1, card.credentialSerial()).boxed().toList(), serials,
        "the card's current credential is revoked with it");
  }
}
