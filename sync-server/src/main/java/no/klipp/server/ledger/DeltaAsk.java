package no.klipp.server.ledger;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.web.ApiException;

/**
 * A terminal's ask for the ledger changes after a cursor, read from a request's query: {@code
 * since}, and {@code ownVisitsBefore} (null: none of its own visits counted).
 */
public record DeltaAsk(String since, Instant ownBefore) {

  /** The ask in {@code ctx}'s query, or empty when it names no cursor; a malformed one is refused (400). */
  public static Optional<DeltaAsk> of(Context ctx) {
    String since = ctx.queryParam(ApiPaths.DELTA_SINCE);
    if (since == null) {
      return Optional.empty();
    }
    return Optional.of(new DeltaAsk(since, ownVisitsBefore(ctx.queryParam(ApiPaths.OWN_VISITS_BEFORE))));
  }

  /** The parameter's time: absent is null, {@code now} is the end of time (the snapshot's own). */
  static Instant ownVisitsBefore(String text) {
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
}
