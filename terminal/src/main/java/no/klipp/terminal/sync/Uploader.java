package no.klipp.terminal.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import no.klipp.protocol.sync.SequenceGap;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queue to the server in batches, oldest first, and takes out what the server
 * acknowledged. A visit is marked only after the server's answer names it, so any failure (lost
 * request, lost answer, garbled answer, crash) leaves it queued, and resending it is harmless: the
 * server stores a visit id once.
 */
final class Uploader {

  private static final Logger log = LoggerFactory.getLogger(Uploader.class);

  /**
   * What one drain achieved; {@code asked} is the acknowledgement of the batch that carried the ask
   * for ledger changes, null when none did.
   */
  record Result(int batches, int stored, int duplicates, int refused, VisitBatchAck asked) {
    Result plus(Result o) {
      return new Result(batches + o.batches, stored + o.stored, duplicates + o.duplicates, refused + o.refused,
          o.asked != null ? o.asked : asked);
    }

    Result withAsked(VisitBatchAck ack) {
      return new Result(batches, stored, duplicates, refused, ack);
    }
  }

  private final SyncClient client;
  private final VisitQueue queue;
  private final String terminalId;
  private final String softwareVersion;
  private int batchSize;

  Uploader(SyncClient client, VisitQueue queue, String terminalId, String softwareVersion, int batchSize) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.queue = Objects.requireNonNull(queue, "queue == null");
    this.terminalId = Objects.requireNonNull(terminalId, "terminalId == null");
    this.softwareVersion = Objects.requireNonNull(softwareVersion, "softwareVersion == null");
    this.batchSize = batchSize;
  }

  /**
   * Uploads until the queue is empty; {@code replies} sees every answer (for the clock). Throws on
   * the first failure, keeping what was acknowledged before it. The last batch, the one that empties
   * the queue, carries {@code ask} (a queue that ends on a full batch sends it with none, and the
   * changes are asked for apart).
   */
  Result drain(Long clockOffsetMillis, Consumer<Reply<?>> replies, Optional<DeltaAsk> ask) throws SyncException {
    Result total = new Result(0, 0, 0, 0, null);
    while (true) {
      List<Visit> batch = queue.pending(batchSize);
      if (batch.isEmpty()) {
        return total;
      }
      Optional<DeltaAsk> asking = batch.size() < batchSize ? ask : Optional.empty();
      Reply<VisitBatchAck> reply;
      try {
        reply = send(new VisitBatch(terminalId, batch, report(clockOffsetMillis)), asking);
      } catch (SyncException.TooLarge e) {
        if (batchSize == 1) {
          throw e;
        }
        batchSize = Math.max(1, batchSize / 2);
        log.info("Server found the batch too large; sending {} visits at a time", batchSize);
        continue;
      }
      replies.accept(reply);
      Result done = settle(batch, reply.body());
      if (done.stored + done.duplicates + done.refused == 0) {
        throw new SyncException.BadResponse("the server acknowledged none of " + batch.size() + " visits", 200, null);
      }
      total = total.plus(asking.isPresent() ? done.withAsked(reply.body()) : done);
    }
  }

  /**
   * Sends the terminal's report with no visits: a terminal with nothing to upload still tells the
   * server it is here (the dashboard marks terminals silent for a day) and how it is. With {@code
   * ask}, the answer carries the ledger changes too.
   */
  VisitBatchAck report(Long clockOffsetMillis, Consumer<Reply<?>> replies, Optional<DeltaAsk> ask)
      throws SyncException {
    Reply<VisitBatchAck> reply = send(new VisitBatch(terminalId, List.of(), report(clockOffsetMillis)), ask);
    replies.accept(reply);
    resendGaps(reply.body());
    return reply.body();
  }

  private Reply<VisitBatchAck> send(VisitBatch batch, Optional<DeltaAsk> ask) throws SyncException {
    return ask.isPresent()
        ? client.upload(batch, ask.get().since(), ask.get().ownVisitsBefore())
        : client.upload(batch);
  }

  /**
   * How this terminal is, with the highest sequence number it recorded: when nothing waits, a
   * server missing numbers up to it lost visits it had acknowledged, and answers them as a gap.
   */
  private TerminalReport report(Long clockOffsetMillis) {
    int waiting = (int) Math.min(Integer.MAX_VALUE, queue.waiting());
    return new TerminalReport(softwareVersion, waiting, clockOffsetMillis, queue.lastSequence());
  }

  private Result settle(List<Visit> batch, VisitBatchAck ack) {
    Map<UUID, Visit> sent = new HashMap<>();
    for (Visit v : batch) {
      sent.put(v.id(), v);
    }
    List<Visit> received = new ArrayList<>();
    int stored = 0;
    int duplicates = 0;
    int refused = 0;
    for (VisitAck item : ack.items()) {
      Visit visit = item == null || item.id() == null || item.status() == null ? null : sent.remove(item.id());
      if (visit == null) {
        // Not one we sent in this batch (or named twice): it stays as it is and is sent again.
        log.warn("Ignoring an acknowledgement for a visit not in the batch");
        continue;
      }
      switch (item.status()) {
        case STORED -> {
          received.add(visit);
          stored++;
        }
        case DUPLICATE -> {
          received.add(visit);
          duplicates++;
        }
        case REFUSED -> {
          String reason = item.reason() == null || item.reason().isBlank() ? "refused without a reason" : item.reason();
          queue.refused(visit, reason);
          log.warn("Server refused visit {}: {}", item.id(), reason);
          refused++;
        }
      }
    }
    queue.acknowledged(received);
    resendGaps(ack);
    return new Result(1, stored, duplicates, refused, null);
  }

  /** Queues again the acknowledged visits in the gaps the server reports (it lost them). */
  private void resendGaps(VisitBatchAck ack) {
    if (ack == null || ack.gaps() == null) {
      return;
    }
    for (SequenceGap gap : ack.gaps()) {
      if (gap == null || gap.from() > gap.to() || gap.from() < 1) {
        continue;
      }
      int again = queue.resend(gap.from(), gap.to());
      if (again > 0) {
        log.warn("Server lacks visits {}..{} of this terminal; {} queued again", gap.from(), gap.to(), again);
      }
    }
  }
}
