package no.klipp.protocol.sync;

/** What a visit event records. Events are never changed or deleted; a correction is a new event. */
public enum VisitKind {
  /** A card holder admitted under an offer. */
  ADMISSION,
  /** Companions added to an earlier admission ({@code refersTo}). */
  COMPANIONS,
  /** An earlier admission ({@code refersTo}) voided by staff shortly after, by mistake. */
  VOID
}
