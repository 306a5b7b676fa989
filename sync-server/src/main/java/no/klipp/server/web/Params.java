package no.klipp.server.web;

import io.javalin.http.Context;
import java.time.LocalDate;

/** Path and query parameters, parsed totally: a bad one is a 400 that names it. */
public final class Params {

  private Params() {}

  /** A numeric path parameter. */
  public static long id(Context ctx, String name) {
    String s = ctx.pathParam(name);
    try {
      long v = Long.parseLong(s);
      Check.that(v > 0, name + " must be positive");
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " is not a number");
    }
  }

  /** An integer query parameter with a default. */
  public static int intQuery(Context ctx, String name, int defaultValue) {
    String s = ctx.queryParam(name);
    if (s == null || s.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " is not a number");
    }
  }

  /** A date query parameter ({@code YYYY-MM-DD}) inside the {@link Dates} window of {@code today}, with a default. */
  public static LocalDate dateQuery(Context ctx, String name, LocalDate defaultValue, LocalDate today) {
    String s = ctx.queryParam(name);
    if (s == null || s.isEmpty()) {
      return defaultValue;
    }
    return Dates.parse(s, name, today);
  }
}
