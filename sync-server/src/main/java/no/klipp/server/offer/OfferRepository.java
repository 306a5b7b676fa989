package no.klipp.server.offer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.server.db.Row;
import no.klipp.server.db.Sql;
import no.klipp.server.web.Dates;

/**
 * Offers in {@code offer}, the terms they are paid by over time in {@code offer_terms}, the cards
 * chosen for targeted offers in {@code offer_card}.
 */
public final class OfferRepository {

  private static final ObjectMapper JSON = Json.mapper();
  private static final TypeReference<List<OpeningHours>> HOURS = new TypeReference<>() {};
  private static final String COLUMNS = "id, venue_id, name, quota, period, companions, valid_from, valid_until,"
      + " opening_hours, capacity, price_ore, refund_percent, targeted, withdrawn";

  public void insert(Sql sql, String id, String venueId, OfferRequest o, Instant now, long changeSeq)
      throws SQLException {
    sql.update("INSERT INTO offer (" + COLUMNS + ", created_at, change_seq)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)",
        id, venueId, o.name(), o.quota(), o.period(), o.companions(), o.validFrom(), o.validUntil(),
        hours(o.openingHours()), o.capacity(), o.priceOre(), o.refundPercent(), o.targeted(), now, changeSeq);
    // A new offer's terms hold for every visit the server can hold, whatever date it carries.
    insertTerms(sql, id, Dates.EARLIEST, OfferTerms.of(o));
  }

  public boolean update(Sql sql, String id, OfferRequest o, long changeSeq) throws SQLException {
    return sql.update("UPDATE offer SET name = ?, quota = ?, period = ?, companions = ?, valid_from = ?,"
            + " valid_until = ?, opening_hours = ?, capacity = ?, price_ore = ?, refund_percent = ?, targeted = ?,"
            + " change_seq = ? WHERE id = ? AND withdrawn = FALSE",
        o.name(), o.quota(), o.period(), o.companions(), o.validFrom(), o.validUntil(), hours(o.openingHours()),
        o.capacity(), o.priceOre(), o.refundPercent(), o.targeted(), changeSeq, id) == 1;
  }

  /**
   * Records that {@code terms} hold from {@code day} on, unless they are the terms already in force
   * then. A second change on one day replaces that day's row; a change back to the terms of the day
   * before removes it, so no two periods in a row have the same terms.
   */
  public void changeTerms(Sql sql, String offerId, LocalDate day, OfferTerms terms) throws SQLException {
    if (terms.equals(termsOn(sql, offerId, day).orElse(null))) {
      return;
    }
    sql.update("DELETE FROM offer_terms WHERE offer_id = ? AND effective_from = ?", offerId, day);
    if (!terms.equals(termsOn(sql, offerId, day).orElse(null))) {
      insertTerms(sql, offerId, day, terms);
    }
  }

  /** The terms of an offer in force on {@code day}. */
  private static Optional<OfferTerms> termsOn(Sql sql, String offerId, LocalDate day) throws SQLException {
    return sql.one("SELECT price_ore, refund_percent, companions FROM offer_terms WHERE offer_id = ?"
            + " AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1",
        r -> new OfferTerms(r.longValue("price_ore"), r.intValue("refund_percent"), r.intValue("companions")),
        offerId, day);
  }

  /** The time zone of the offer's scheme, in which its days are counted. */
  public ZoneId zone(Sql sql, String offerId) throws SQLException {
    return ZoneId.of(sql.one("SELECT s.time_zone FROM offer o JOIN venue v ON v.id = o.venue_id"
            + " JOIN scheme s ON s.id = v.scheme_id WHERE o.id = ?", r -> r.string("time_zone"), offerId)
        .orElseThrow(() -> new IllegalStateException("no offer " + offerId)));
  }

  private static void insertTerms(Sql sql, String offerId, LocalDate day, OfferTerms t) throws SQLException {
    sql.update("INSERT INTO offer_terms (offer_id, effective_from, price_ore, refund_percent, companions)"
        + " VALUES (?, ?, ?, ?, ?)", offerId, day, t.priceOre(), t.refundPercent(), t.companions());
  }

  /** Withdraws an offer: terminals remove it, visits already made under it stay. */
  public boolean withdraw(Sql sql, String id, long changeSeq) throws SQLException {
    return sql.update("UPDATE offer SET withdrawn = TRUE, change_seq = ? WHERE id = ? AND withdrawn = FALSE",
        changeSeq, id) == 1;
  }

  public Optional<OfferDefinition> find(Sql sql, String id) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM offer WHERE id = ?", OfferRepository::map, id);
  }

  /** The venue's offers, withdrawn ones included, by name. */
  public List<OfferDefinition> ofVenue(Sql sql, String venueId) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM offer WHERE venue_id = ? ORDER BY name, id",
        OfferRepository::map, venueId);
  }

  /** The venue's offers changed in {@code (since, upTo]}, withdrawn ones included. */
  public List<OfferDefinition> changedAfter(Sql sql, String venueId, long since, long upTo) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM offer WHERE venue_id = ? AND change_seq > ? AND change_seq <= ?"
        + " ORDER BY id", OfferRepository::map, venueId, since, upTo);
  }

  /** The cards chosen for a targeted offer. */
  public List<String> cards(Sql sql, String offerId) throws SQLException {
    return sql.list("SELECT card_number FROM offer_card WHERE offer_id = ? ORDER BY card_number",
        r -> r.string("card_number"), offerId);
  }

  /** Replaces the cards chosen for an offer. */
  public void setCards(Sql sql, String offerId, List<String> cardNumbers) throws SQLException {
    sql.update("DELETE FROM offer_card WHERE offer_id = ?", offerId);
    List<Object[]> rows = new ArrayList<>();
    for (String c : cardNumbers) {
      rows.add(new Object[] {offerId, c});
    }
    sql.batch("INSERT INTO offer_card (offer_id, card_number) VALUES (?, ?)", rows);
  }

  /** For each card, the venue's targeted offers chosen for it. */
  public Map<String, List<String>> chosenAtVenue(Sql sql, String venueId) throws SQLException {
    Map<String, List<String>> out = new HashMap<>();
    sql.list("SELECT oc.card_number, oc.offer_id FROM offer_card oc JOIN offer o ON o.id = oc.offer_id"
            + " WHERE o.venue_id = ? AND o.withdrawn = FALSE ORDER BY oc.offer_id",
        r -> out.computeIfAbsent(r.string("card_number"), k -> new ArrayList<>()).add(r.string("offer_id")),
        venueId);
    return out;
  }

  private static String hours(List<OpeningHours> hours) {
    try {
      return JSON.writeValueAsString(hours);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("opening hours always serialise", e);
    }
  }

  private static OfferDefinition map(Row r) throws SQLException {
    List<OpeningHours> hours;
    try {
      hours = JSON.readValue(r.string("opening_hours"), HOURS);
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt opening_hours of offer " + r.string("id"), e);
    }
    return new OfferDefinition(r.string("id"), r.string("venue_id"), r.string("name"), r.integer("quota"),
        QuotaPeriod.valueOf(r.string("period")), r.intValue("companions"), r.date("valid_from"),
        r.date("valid_until"), hours, r.integer("capacity"), r.longValue("price_ore"), r.intValue("refund_percent"),
        r.bool("targeted"), r.bool("withdrawn"));
  }
}
