package no.klipp.terminal.feedback;

/** What the entrance shows for one scan: come in, not this time, or the machine could not decide. */
public enum Outcome {
  ADMITTED,
  REFUSED,
  ERROR
}
