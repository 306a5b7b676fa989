package no.klipp.server.venue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.klipp.server.db.Row;
import no.klipp.server.db.Sql;

/** Venues in the {@code venue} table. */
public final class VenueRepository {

  public void insert(Sql sql, Venue v, Instant now) throws SQLException {
    sql.update("INSERT INTO venue (id, scheme_id, name, category, created_at) VALUES (?, ?, ?, ?, ?)",
        v.id(), v.schemeId(), v.name(), v.category(), now);
  }

  public boolean update(Sql sql, String id, VenueRequest r) throws SQLException {
    return sql.update("UPDATE venue SET name = ?, category = ? WHERE id = ?", r.name(), r.category(), id) == 1;
  }

  public Optional<Venue> find(Sql sql, String id) throws SQLException {
    return sql.one("SELECT id, scheme_id, name, category FROM venue WHERE id = ?", VenueRepository::map, id);
  }

  public List<Venue> ofScheme(Sql sql, long schemeId) throws SQLException {
    return sql.list("SELECT id, scheme_id, name, category FROM venue WHERE scheme_id = ? ORDER BY name",
        VenueRepository::map, schemeId);
  }

  private static Venue map(Row r) throws SQLException {
    return new Venue(r.string("id"), r.longValue("scheme_id"), r.string("name"),
        Category.valueOf(r.string("category")));
  }
}
