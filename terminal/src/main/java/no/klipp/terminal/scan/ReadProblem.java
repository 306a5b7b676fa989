package no.klipp.terminal.scan;

/** Why a card or code held to a reader could not be read. */
public enum ReadProblem {
  /** The card left the field before it was fully read. */
  CARD_REMOVED,
  /** More than one card in the field: the reader will not guess which one is meant. */
  TWO_CARDS,
  /** A card was read but holds no Klipp credential. */
  NO_CREDENTIAL,
  /**
   * The reader did not answer or answered garbage. Readers log this rather than report it, unless
   * they know a card was being read.
   */
  READER_FAULT
}
