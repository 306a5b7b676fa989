package no.klipp.terminal.display;

import no.klipp.protocol.card.CardNumber;

/**
 * What staff can do from the desk screen. Each action returns the screen to show next; the display
 * pushes it to every page, holding this object's lock over the action and the push, so an
 * implementation showing scans itself must do so under the same lock. An action that cannot be
 * done throws {@link DeskRefusal}.
 */
public interface DeskActions {

  /** Validates a card number staff typed, as if the card had been scanned. */
  VerdictView typed(CardNumber number);

  /** Registers one more companion on the last admission. */
  VerdictView addCompanion();

  /** Voids the last admission, e.g. a card scanned by mistake. */
  UndoneView undoLast();

  /** Counts the last admission against another of the offers that applied. */
  VerdictView chooseOffer(String offerId);

  /**
   * False once the server says this terminal is not a staffed desk: then no desk action is done,
   * whatever mode the screen was started in (a typed number, within a child's reach, would admit).
   */
  default boolean staffed() {
    return true;
  }
}
