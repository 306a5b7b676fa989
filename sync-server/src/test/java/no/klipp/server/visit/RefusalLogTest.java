package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the server logs about refused visits: never a value the terminal sent, and not a line per item. */
class RefusalLogTest {

  private static final String MARKER = "SECRET-MARKER";
  private static final String NAME = "Ola Nordmann";
  private static final String TIME = "1970-01-01T00:00:07Z";

  private TestServer ts;
  private World w;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger klipp;
  private Level klippLevel;

  @BeforeEach
  void start() {
    // The test configuration logs no.klipp at WARN only: open it all the way while the test runs.
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    klipp = context.getLogger("no.klipp");
    klippLevel = klipp.getLevel();
    klipp.setLevel(Level.ALL);
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    ts = new TestServer(Dialect.SQLITE);
    w = new World(ts, "Loggby");
  }

  @AfterEach
  void stop() {
    ts.close();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
    klipp.setLevel(klippLevel);
  }

  private ObjectNode admission(long sequence, String card) {
    return Client.MAPPER.valueToTree(new Visit(UUID.randomUUID(), sequence, VisitKind.ADMISSION, null, card, 1,
        w.offerId, w.venueId, w.terminal.terminalId(), TestServer.START, 0, Set.of()));
  }

  private List<VisitAck> upload(List<ObjectNode> items) {
    ObjectNode batch = Client.MAPPER.createObjectNode().put("terminalId", w.terminal.terminalId());
    ArrayNode visits = batch.putArray("visits");
    items.forEach(visits::add);
    Client.Response r = ts.client.post(ApiPaths.VISITS, w.terminal.token(), batch.toString());
    ok(r, 200);
    return r.as(VisitBatchAck.class).items();
  }

  private List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : appender.list) {
      lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    return lines;
  }

  private List<String> refusalLines() {
    return lines().stream().filter(l -> l.startsWith(RefusalLog.class.getName() + " ")).toList();
  }

  @Test
  void refusedItemsAreLoggedByKindWithoutAnyValueTheyHeld() {
    List<VisitAck> acks = upload(List.of(
        admission(1, w.cards.getFirst()),
        admission(2, w.cards.getFirst()).put("companions", MARKER),
        admission(3, NAME),
        admission(4, w.cards.getFirst()).put("terminalTime", TIME)));

    assertEquals(List.of(AckStatus.STORED, AckStatus.REFUSED, AckStatus.REFUSED, AckStatus.REFUSED),
        acks.stream().map(VisitAck::status).toList());
    // The terminal still learns exactly what was wrong; only the log is kept free of it.
    assertTrue(acks.get(1).reason().contains(MARKER), acks.get(1).reason());
    assertTrue(acks.get(2).reason().contains("cardNumber"), acks.get(2).reason());
    assertTrue(acks.get(3).reason().contains(TIME), acks.get(3).reason());

    List<String> refusals = refusalLines();
    assertEquals(3, refusals.size(), String.join("\n", lines()));
    assertTrue(refusals.get(0).contains(w.terminal.terminalId()) && refusals.get(0).contains("sequence 2")
        && refusals.get(0).contains(acks.get(1).id().toString()) && refusals.get(0).contains("unreadable item"),
        refusals.get(0));
    assertTrue(refusals.get(1).contains("not a card number"), refusals.get(1));
    assertTrue(refusals.get(2).contains("terminal time out of range"), refusals.get(2));
    for (String line : lines()) {
      assertFalse(line.contains(MARKER) || line.contains(NAME) || line.contains(TIME) || line.contains("1970"), line);
    }
  }

  @Test
  void aBatchOfManyRefusedItemsLogsAFewAndACount() {
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      items.add(admission(i, w.cards.getFirst()).put("companions", MARKER + "-" + i));
    }
    items.add(admission(51, NAME));

    List<VisitAck> acks = upload(items);

    assertTrue(acks.stream().allMatch(a -> a.status() == AckStatus.REFUSED && a.reason() != null));
    List<String> refusals = refusalLines();
    assertEquals(RefusalLog.ONE_BY_ONE + 1, refusals.size(), String.join("\n", refusals));
    String summary = refusals.getLast();
    assertTrue(summary.contains("51 refused visits") && summary.contains("unreadable item=50")
        && summary.contains("not a card number=1"), summary);
    for (String line : lines()) {
      assertFalse(line.contains(MARKER) || line.contains(NAME), line);
    }
  }
}
