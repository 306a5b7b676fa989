package no.klipp.server.auth;

/** A user as the scheme's administrators see them: who, in which role, and whether disabled. */
public record SchemeUser(long userId, String username, Role role, long schemeId, String venueId, boolean disabled) {}
