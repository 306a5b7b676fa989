package no.klipp.server.visit;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines about one batch's refused items: the first few one by one, then one line counting
 * the rest by kind. They name the terminal, sequence numbers, visit ids and a fixed kind, never a
 * value an item held: a card number, a time or a parser's quote of the item could tell something
 * about a child or family. The full reason goes only to the terminal and to refused_visit.
 */
final class RefusalLog {

  /** Items logged one by one; a terminal sending thousands of bad items writes these and a count. */
  static final int ONE_BY_ONE = 3;

  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

  private final String terminalId;
  private final Map<Refusal.Kind, Integer> byKind = new EnumMap<>(Refusal.Kind.class);
  private int count;

  RefusalLog(String terminalId) {
    this.terminalId = terminalId;
  }

  void refused(UUID id, long sequence, Refusal.Kind kind) {
    count++;
    byKind.merge(kind, 1, Integer::sum);
    if (count <= ONE_BY_ONE) {
      log.info("Terminal {} sent a visit that was refused (sequence {}, id {}): {}", terminalId, sequence, id, kind);
    }
  }

  /** Ends the batch: one line for all its refusals when there were more than were logged one by one. */
  void batchDone() {
    if (count > ONE_BY_ONE) {
      log.info("Terminal {} sent {} refused visits in one batch, the first {} logged above; by kind: {}", terminalId,
          count, ONE_BY_ONE, byKind);
    }
  }
}
