package no.klipp.server.auth;

import io.javalin.security.RouteRole;

/** Route roles for callers that are not people: anyone, or an enrolled terminal. */
public enum Caller implements RouteRole {
  /** No credential needed (sign-in, enrollment, the API document). */
  PUBLIC,
  /** An enrolled terminal with its bearer token. */
  TERMINAL
}
