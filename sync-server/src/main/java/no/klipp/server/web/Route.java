package no.klipp.server.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * One API route: method, path, who may call it, what it does (for the API document), the status it
 * answers when it succeeds, and its handler.
 */
public record Route(HandlerType method, String path, Set<RouteRole> roles, String summary, int status,
    Handler handler) {}
