package no.klipp.server.auth;

import io.javalin.security.RouteRole;

/** What a signed-in person may do, always within one scheme (and for VENUE, one venue). */
public enum Role implements RouteRole {
  /** Runs a scheme: rules, venues, offers, terminals, users, and everything a caseworker does. */
  ADMIN,
  /** Issues and manages the scheme's cards. */
  CASEWORKER,
  /** Staff of one venue: sees that venue, its offers, terminals and visits. */
  VENUE
}
