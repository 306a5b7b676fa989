package no.klipp.terminal.display;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.klipp.protocol.card.CardNumber;

/** Desk actions over a table of typed card numbers, recording what staff did. */
final class FakeDesk implements DeskActions {

  final List<String> calls = new ArrayList<>();
  private final Map<CardNumber, VerdictView> cards = new HashMap<>();
  private VerdictView last;

  FakeDesk card(CardNumber number, VerdictView verdict) {
    cards.put(number, verdict);
    return this;
  }

  /** As if a scan had just produced {@code verdict}, so desk actions act on it. */
  void scanned(VerdictView verdict) {
    last = verdict;
  }

  @Override
  public synchronized VerdictView typed(CardNumber number) {
    calls.add("typed " + number);
    VerdictView verdict = cards.getOrDefault(number, VerdictView.refused(VerdictReason.UNKNOWN_CARD));
    last = verdict;
    return verdict;
  }

  @Override
  public synchronized VerdictView addCompanion() {
    calls.add("companion");
    if (last == null || !last.admitted()) {
      throw new DeskRefusal(DeskRefusal.Reason.NO_VISIT, "no admission");
    }
    if (last.companionsAdded() >= last.companionsAllowed()) {
      throw new DeskRefusal(DeskRefusal.Reason.COMPANION_LIMIT, "limit " + last.companionsAllowed());
    }
    last =
        new VerdictView(
            true, last.reason(), last.companionsAllowed(), last.companionsAdded() + 1,
            last.visitsLeft(), last.offer(), last.offers(), last.repeat(), last.holder());
    return last;
  }

  @Override
  public synchronized UndoneView undoLast() {
    calls.add("undo");
    if (last == null || !last.admitted()) {
      throw new DeskRefusal(DeskRefusal.Reason.NO_VISIT, "no admission");
    }
    last = null;
    return new UndoneView();
  }

  @Override
  public synchronized VerdictView chooseOffer(String offerId) {
    calls.add("offer " + offerId);
    if (last == null || !last.admitted()) {
      throw new DeskRefusal(DeskRefusal.Reason.NO_VISIT, "no admission");
    }
    OfferChoice chosen =
        last.offers().stream()
            .filter(o -> o.id().equals(offerId))
            .findFirst()
            .orElseThrow(() -> new DeskRefusal(DeskRefusal.Reason.NO_SUCH_OFFER, offerId));
    last =
        new VerdictView(
            true, last.reason(), last.companionsAllowed(), last.companionsAdded(), last.visitsLeft(),
            chosen, last.offers(), last.repeat(), last.holder());
    return last;
  }
}
