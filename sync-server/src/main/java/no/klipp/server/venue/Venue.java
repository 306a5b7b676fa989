package no.klipp.server.venue;

/** A place that admits card holders: a cinema, a pool, a club; it belongs to one scheme. */
public record Venue(String id, long schemeId, String name, Category category) {}
