package no.klipp.server.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Set;

/**
 * One API route: method, path, who may call it, what it does (for the API document), the status it
 * answers when it succeeds, the fields of its JSON request body where the document describes them
 * (empty: not described), and its handler.
 */
public record Route(HandlerType method, String path, Set<RouteRole> roles, String summary, int status,
    List<RequestField> body, Handler handler) {

  public Route {
    body = List.copyOf(body);
  }

  /** A route whose request body the document does not describe. */
  public Route(HandlerType method, String path, Set<RouteRole> roles, String summary, int status, Handler handler) {
    this(method, path, roles, summary, status, List.of(), handler);
  }
}
