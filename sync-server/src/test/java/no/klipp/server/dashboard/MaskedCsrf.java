package no.klipp.server.dashboard;

import java.security.SecureRandom;
import no.klipp.server.auth.Tokens;

/** For tests that post forms without loading the page first: a fresh masked CSRF token of a session. */
final class MaskedCsrf {

  private static final Csrf CSRF = new Csrf(new Tokens(new SecureRandom()));

  private MaskedCsrf() {}

  static String of(String sessionToken) {
    return CSRF.masked(sessionToken);
  }
}
