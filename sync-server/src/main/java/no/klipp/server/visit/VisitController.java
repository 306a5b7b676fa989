package no.klipp.server.visit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import no.klipp.protocol.sync.ErrorBody;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.server.auth.Access;
import no.klipp.server.auth.Role;
import no.klipp.server.ledger.DeltaAsk;
import no.klipp.server.ledger.LedgerService;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Check;
import no.klipp.server.web.JsonAnswer;
import no.klipp.server.web.Params;

/**
 * Visit upload for terminals, and a venue's visits for people. The batch is read item by item,
 * so one malformed visit is refused on its own instead of failing the whole upload.
 */
public final class VisitController {

  private static final Upload NULL_ITEM = new Upload.Unreadable(null, 0,
      new Refusal(Refusal.Kind.NULL_ITEM, "visit is null"));

  private final VisitIngest ingest;
  private final LedgerService ledger;
  private final VisitRepository visits;
  private final VenueService venues;
  private final SchemeService schemes;
  private final no.klipp.server.db.Database db;
  private final ObjectMapper mapper;
  private final Clock clock;

  public VisitController(VisitIngest ingest, LedgerService ledger, VisitRepository visits, VenueService venues,
      SchemeService schemes, no.klipp.server.db.Database db, ObjectMapper mapper, Clock clock) {
    this.ingest = ingest;
    this.ledger = ledger;
    this.visits = visits;
    this.venues = venues;
    this.schemes = schemes;
    this.db = db;
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * Stores a batch; with a cursor in the query ({@link DeltaAsk}), answers the ledger changes after
   * it too, read once the batch is stored, as a delta asked for right after the upload would be.
   * A malformed ask is refused before anything is stored.
   */
  public void upload(Context ctx) {
    TerminalIdentity who = Access.terminal(ctx);
    Optional<DeltaAsk> ask = DeltaAsk.of(ctx);
    byte[] bytes = ctx.bodyAsBytes();
    VisitBatch batch = BatchReader.read(mapper, bytes);
    if (batch == null) {
      batch = fastPath(bytes);
    }
    if (batch != null) {
      List<Upload> items = new ArrayList<>(batch.visits().size());
      for (Visit v : batch.visits()) {
        items.add(v == null ? NULL_ITEM : new Upload.Parsed(v));
      }
      answer(ctx, who, ask, ingest.ingest(who, batch.terminalId(), items, batch.report()));
      return;
    }
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (IOException e) {
      throw new ApiException(400, "bad_json", "not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("visits").isArray()) {
      throw new ApiException(400, "bad_json", "expected a VisitBatch with a visits array");
    }
    String terminalId = root.path("terminalId").isTextual() ? root.path("terminalId").asText() : null;
    TerminalReport report = null;
    if (root.hasNonNull("report")) {
      try {
        report = mapper.treeToValue(root.get("report"), TerminalReport.class);
      } catch (IOException e) {
        throw new ApiException(400, "bad_json", "report is not a TerminalReport");
      }
    }
    List<Upload> items = new ArrayList<>(root.get("visits").size());
    for (JsonNode node : root.get("visits")) {
      items.add(item(node));
    }
    answer(ctx, who, ask, ingest.ingest(who, terminalId, items, report));
  }

  private void answer(Context ctx, TerminalIdentity who, Optional<DeltaAsk> ask, VisitBatchAck ack) {
    JsonAnswer.write(ctx, mapper, ask.isEmpty() ? ack : withDelta(ack, who, ask.get()));
  }

  /**
   * The acknowledgement with the changes asked for, or with why they cannot be given (a cursor this
   * server does not know, a ledger to be loaded anew): the batch is stored, so its acknowledgement is
   * answered either way. A failure of the server's own (5xx) fails the answer, and the terminal sends
   * the batch again, which stores nothing twice.
   */
  private VisitBatchAck withDelta(VisitBatchAck ack, TerminalIdentity who, DeltaAsk ask) {
    try {
      return ack.withDelta(ledger.delta(who, ask.since(), ask.ownBefore()));
    } catch (ApiException e) {
      if (e.status() >= 500) {
        throw e;
      }
      return ack.withDeltaRefused(new ErrorBody(e.code(), e.getMessage(), clock.instant()));
    }
  }

  /**
   * The batch bound by the mapper in one pass, when every item is well-formed; null otherwise,
   * and the batch is read again item by item so only the bad items are refused.
   */
  private VisitBatch fastPath(byte[] bytes) {
    try {
      VisitBatch batch = mapper.readValue(bytes, VisitBatch.class);
      return batch != null && batch.visits() != null ? batch : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private Upload item(JsonNode node) {
    try {
      Visit v = mapper.treeToValue(node, Visit.class);
      return v == null ? NULL_ITEM : new Upload.Parsed(v);
    } catch (IOException | IllegalArgumentException e) {
      UUID id = null;
      try {
        id = node.hasNonNull("id") ? UUID.fromString(node.get("id").asText()) : null;
      } catch (IllegalArgumentException ignored) {
        // No readable id: the ack carries none.
      }
      long sequence = node.path("sequence").canConvertToLong() ? node.path("sequence").asLong() : 0;
      String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
          : e.getMessage();
      // The parser's message may quote the item's values: fine for the terminal, never for a log line.
      return new Upload.Unreadable(id, sequence, new Refusal(Refusal.Kind.UNREADABLE, "not a visit: " + reason));
    }
  }

  /**
   * A venue's visits by date ({@code from}, {@code to} inclusive; default the last 30 days), the
   * days counted in the scheme's time zone, as statistics and refunds count them. Administrators and
   * caseworkers, who choose the cards of targeted offers, get none of those offers' visits: for an
   * offer chosen for one child or a few, the list would tell them when each came, without the
   * logged look-up (whatever the number of cards: it can be raised afterwards). The venue's own
   * staff, who cannot see which cards were chosen, get them all.
   */
  public void ofVenue(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    boolean withTargeted = Access.venue(ctx, venue).role() == Role.VENUE;
    Scheme scheme = schemes.get(venue.schemeId());
    ZoneId zone = scheme.zone();
    LocalDate today = scheme.today(clock);
    LocalDate from = Params.dateQuery(ctx, "from", today.minusDays(30), today);
    LocalDate to = Params.dateQuery(ctx, "to", today, today);
    int limit = Check.range(Params.intQuery(ctx, "limit", 1000), 1, 10_000, "limit");
    ctx.json(db.read(sql -> visits.ofVenue(sql, venue.id(), from.atStartOfDay(zone).toInstant(),
        to.plusDays(1).atStartOfDay(zone).toInstant(), limit, withTargeted)));
  }
}
