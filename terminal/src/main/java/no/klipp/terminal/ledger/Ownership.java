package no.klipp.terminal.ledger;

import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Which terminal a ledger belongs to. Its visits carry that terminal's id and sequence numbers, so
 * another terminal can neither send them (the server refuses them) nor count them as its own (the
 * server counts them too): enrolling as another terminal starts a fresh ledger.
 */
public final class Ownership {

  private final Ledger ledger;

  public Ownership(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  /**
   * The owner recorded at enrollment; for a ledger with none recorded (made before enrollment, or
   * by an older version) the terminal and venue of its latest visit; empty when it has no visits.
   */
  public Optional<Owner> owner() {
    Optional<String> terminal = ledger.meta(Meta.TERMINAL_ID);
    Optional<String> venue = ledger.meta(Meta.TERMINAL_VENUE_ID);
    if (terminal.isPresent() && venue.isPresent()) {
      return Optional.of(new Owner(terminal.get(), venue.get()));
    }
    return ledger.read("read the latest visit", c -> {
      try (ResultSet rs = ledger.prepare("SELECT terminal_id, venue_id FROM visit ORDER BY seq DESC LIMIT 1")
          .executeQuery()) {
        return rs.next() ? Optional.of(new Owner(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    });
  }

  /** Records {@code owner} as the ledger's, durably. */
  public void claim(Owner owner) {
    claim(owner, 0);
  }

  /**
   * Records {@code owner} as the ledger's, durably, and that its visits are numbered above
   * {@code serverLast}, the highest sequence number the server holds from that terminal (a terminal
   * enrolled again on a fresh ledger must not number from 1 again: the server's gap detection
   * would not see a lost visit until the new numbers passed the old ones). A lower number than
   * one recorded before changes nothing.
   */
  public void claim(Owner owner, long serverLast) {
    Objects.requireNonNull(owner, "owner == null");
    if (serverLast < 0) {
      throw new IllegalArgumentException("serverLast < 0: " + serverLast);
    }
    ledger.write("record the ledger's terminal", c -> {
      ledger.putMeta(Meta.TERMINAL_ID, owner.terminalId());
      ledger.putMeta(Meta.TERMINAL_VENUE_ID, owner.venueId());
      long before = ledger.meta(Meta.NUMBERED_ABOVE).map(Long::parseLong).orElse(0L);
      if (serverLast > before) {
        ledger.putMeta(Meta.NUMBERED_ABOVE, Long.toString(serverLast));
      }
      return null;
    });
  }
}
