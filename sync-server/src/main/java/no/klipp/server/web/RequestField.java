package no.klipp.server.web;

import java.util.Objects;

/**
 * A field of a route's JSON request body, for the API document: its name, JSON type ("string",
 * "boolean", ...), whether it must be there, and what it means (defaults included).
 */
public record RequestField(String name, String type, boolean required, String description) {

  public RequestField {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(description, "description == null");
  }

  /** A field the body must hold. */
  public static RequestField required(String name, String type, String description) {
    return new RequestField(name, type, true, description);
  }

  /** A field the body may leave out. */
  public static RequestField optional(String name, String type, String description) {
    return new RequestField(name, type, false, description);
  }
}
