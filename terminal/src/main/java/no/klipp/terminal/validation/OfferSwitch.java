package no.klipp.terminal.validation;

/**
 * What choosing another offer for an admission gave: the admission under it, or why not, in which
 * case nothing was recorded and the first admission stands.
 */
public sealed interface OfferSwitch {

  /** Voided and admitted again under the chosen offer, with {@code companions} carried over. */
  record Switched(Verdict verdict, int companions) implements OfferSwitch {}

  /** The admission can no longer be changed (already voided, unknown, too old). */
  record NotChangeable(Correction.Outcome outcome) implements OfferSwitch {}

  /** The chosen offer refuses the card now (its hours ended, sold out, its quota used...). */
  record Refused(Verdict verdict) implements OfferSwitch {}

  /** The chosen offer lets in fewer companions free than were already registered. */
  record TooManyCompanions(int registered) implements OfferSwitch {}
}
