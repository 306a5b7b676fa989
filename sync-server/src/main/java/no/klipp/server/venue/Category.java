package no.klipp.server.venue;

/** What kind of place a venue is, for statistics and for pictures in the app. */
public enum Category {
  CINEMA,
  POOL,
  PLAY_LAND,
  BOWLING,
  MUSEUM,
  CONCERT,
  SKI,
  CLUB,
  OTHER
}
