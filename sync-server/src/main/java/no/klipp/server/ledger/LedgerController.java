package no.klipp.server.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.auth.Access;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.JsonAnswer;

/** A terminal's ledger: the snapshot, and deltas after a cursor. */
public final class LedgerController {

  private final LedgerService ledger;
  private final ObjectMapper mapper;

  public LedgerController(LedgerService ledger, ObjectMapper mapper) {
    this.ledger = ledger;
    this.mapper = mapper;
  }

  public void snapshot(Context ctx) {
    Instant ownBefore = ownVisitsBefore(ctx.queryParam(ApiPaths.OWN_VISITS_BEFORE));
    // Written as bytes in one go; the server gzips it for clients that accept gzip.
    JsonAnswer.write(ctx, mapper, ledger.snapshot(Access.terminal(ctx), ownBefore));
  }

  /** The parameter's time: absent is null, {@code now} is the end of time (the snapshot's own). */
  private static Instant ownVisitsBefore(String text) {
    if (text == null) {
      return null;
    }
    if (text.equals("now")) {
      return Instant.MAX;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(ApiPaths.OWN_VISITS_BEFORE + " must be an ISO-8601 instant or 'now'");
    }
  }

  public void delta(Context ctx) {
    String since = ctx.queryParam("since");
    if (since == null) {
      throw new ApiException(400, "bad_cursor", "since is required");
    }
    Instant ownBefore = ownVisitsBefore(ctx.queryParam(ApiPaths.OWN_VISITS_BEFORE));
    JsonAnswer.write(ctx, mapper, ledger.delta(Access.terminal(ctx), since, ownBefore));
  }
}
