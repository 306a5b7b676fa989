package no.klipp.server.auth;

/** A signed-in person: their scheme, role, and for VENUE users their venue. */
public record Person(long userId, String username, Role role, long schemeId, String venueId) {}
