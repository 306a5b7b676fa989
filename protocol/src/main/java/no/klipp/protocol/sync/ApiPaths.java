package no.klipp.protocol.sync;

/** The sync API's paths, shared by the server's routes and the terminal's client. */
public final class ApiPaths {
  /** Everything of the API lives under this versioned root. */
  public static final String ROOT = "/api/v1";
  /** POST {@link EnrollRequest}: a one-time code for a terminal credential. */
  public static final String ENROLL = ROOT + "/terminal/enroll";
  /**
   * POST {@link VisitBatch}: upload visits; answers {@link VisitBatchAck}. With {@link #DELTA_SINCE}
   * (and {@link #OWN_VISITS_BEFORE}), the acknowledgement carries the ledger changes after that
   * cursor too, read after the batch was stored: a terminal's upload and pull in one round trip.
   */
  public static final String VISITS = ROOT + "/terminal/visits";
  /**
   * GET: the full {@link LedgerSnapshot} of the terminal's venue; with {@link #OWN_VISITS_BEFORE}
   * its usage counts hold the asking terminal's own visits received before that time too.
   */
  public static final String LEDGER_SNAPSHOT = ROOT + "/terminal/ledger";
  /**
   * Query parameter of {@link #LEDGER_SNAPSHOT} and {@link #LEDGER_DELTA}: an ISO-8601 instant, or
   * {@code now}. A terminal's own visits are counted by its ledger, so a snapshot leaves them out;
   * but a ledger started afresh (a new SD card for a terminal enrolled again) holds none of those
   * received before it was born, and without them every quota at the venue would open again. Its
   * deltas name the same time (its birth), since each count in a delta replaces the one before.
   */
  public static final String OWN_VISITS_BEFORE = "ownVisitsBefore";
  /** Query parameter of {@link #LEDGER_DELTA} and {@link #VISITS}: the cursor to give the ledger changes after. */
  public static final String DELTA_SINCE = "since";
  /** GET ?since=cursor[&amp;{@link #OWN_VISITS_BEFORE}=instant]: a {@link LedgerDelta}. */
  public static final String LEDGER_DELTA = ROOT + "/terminal/ledger/delta";
  /** Response header with the server's time (ISO-8601), on every response. */
  public static final String SERVER_TIME_HEADER = "X-Klipp-Server-Time";

  private ApiPaths() {}
}
