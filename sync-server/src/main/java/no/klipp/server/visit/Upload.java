package no.klipp.server.visit;

import java.util.UUID;
import no.klipp.protocol.sync.Visit;

/** One item of an uploaded batch: a visit that parsed, or one that did not (with what could be read of it). */
public sealed interface Upload {

  /** A visit that parsed. */
  record Parsed(Visit visit) implements Upload {}

  /** An item that is not a visit; {@code id} and {@code sequence} when they could be read, else null and 0. */
  record Unreadable(UUID id, long sequence, Refusal refusal) implements Upload {}
}
