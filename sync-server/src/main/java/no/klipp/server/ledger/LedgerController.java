package no.klipp.server.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
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
    Instant ownBefore = DeltaAsk.ownVisitsBefore(ctx.queryParam(ApiPaths.OWN_VISITS_BEFORE));
    // Written as bytes in one go; the server gzips it for clients that accept gzip.
    JsonAnswer.write(ctx, mapper, ledger.snapshot(Access.terminal(ctx), ownBefore));
  }

  public void delta(Context ctx) {
    DeltaAsk ask = DeltaAsk.of(ctx).orElseThrow(() -> new ApiException(400, "bad_cursor", "since is required"));
    JsonAnswer.write(ctx, mapper, ledger.delta(Access.terminal(ctx), ask.since(), ask.ownBefore()));
  }
}
