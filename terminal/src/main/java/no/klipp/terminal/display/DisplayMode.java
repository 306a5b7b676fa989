package no.klipp.terminal.display;

/** Who stands in front of the screen: front-desk staff, or children at an unattended entrance. */
public enum DisplayMode {
  /** Front desk: full verdict with reason, holder's first name and birth year, desk buttons, status line. */
  STAFF,
  /** Unattended entrance: colour, pictogram, a short sound and a few words in the child's language; no names. */
  ENTRANCE
}
