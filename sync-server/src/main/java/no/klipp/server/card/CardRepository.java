package no.klipp.server.card;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.Revocation;
import no.klipp.server.db.Row;
import no.klipp.server.db.Sql;

/** Cards in {@code card}, revoked credentials in {@code revocation}. */
public final class CardRepository {

  private static final String COLUMNS = "card_number, scheme_id, credential_serial, issued_on, key_id, fingerprint,"
      + " valid_from, valid_until, birth_year, first_name, status, paid";
  private static final int CHUNK = 5000;

  /** Inserts a card unless its number is taken; false when it is. */
  public boolean insert(Sql sql, Card c, Instant now, long changeSeq) throws SQLException {
    return sql.update("INSERT INTO card (" + COLUMNS + ", created_at, change_seq)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_number) DO NOTHING",
        c.cardNumber(), c.schemeId(), c.credentialSerial(), c.issuedOn(), c.keyId(), c.fingerprint(), c.validFrom(),
        c.validUntil(),
        c.birthYear(), c.firstName(), c.status(), c.paid(), now, changeSeq) == 1;
  }

  public Optional<Card> find(Sql sql, String cardNumber) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM card WHERE card_number = ?", CardRepository::map, cardNumber);
  }

  /** The cards among {@code numbers} that exist. */
  public List<Card> findAll(Sql sql, Collection<String> numbers) throws SQLException {
    List<Card> out = new ArrayList<>();
    List<String> all = List.copyOf(numbers);
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<String> part = all.subList(i, Math.min(all.size(), i + CHUNK));
      Sql.In in = sql.in("card_number", part, "text");
      out.addAll(sql.list("SELECT " + COLUMNS + " FROM card WHERE " + in.sql(), CardRepository::map, in.args()));
    }
    return out;
  }

  /**
   * The terms of the cards among {@code numbers} that exist: five columns instead of the whole
   * card, as an upload looks up thousands at once.
   */
  public List<CardTerms> termsOf(Sql sql, Collection<String> numbers) throws SQLException {
    List<CardTerms> out = new ArrayList<>(numbers.size());
    List<String> all = List.copyOf(numbers);
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<String> part = all.subList(i, Math.min(all.size(), i + CHUNK));
      Sql.In in = sql.in("card_number", part, "text");
      out.addAll(sql.list("SELECT card_number, credential_serial, valid_from, valid_until, status FROM card WHERE "
          + in.sql(), CardRepository::terms, in.args()));
    }
    return out;
  }

  /**
   * The terms of the scheme's cards whose change number is above {@code since} (every card from
   * {@code Long.MIN_VALUE}), each with that number, for {@link CardTermsIndex}.
   */
  List<CardTermsIndex.Stamped> termsChangedAfter(Sql sql, long schemeId, long since) throws SQLException {
    return sql.list("SELECT card_number, credential_serial, valid_from, valid_until, status, change_seq FROM card"
        + " WHERE scheme_id = ? AND change_seq > ?",
        r -> new CardTermsIndex.Stamped(terms(r), r.longValue("change_seq")), schemeId, since);
  }

  /** Up to {@code limit} cards with no fingerprint (issued before V24 kept them). */
  public List<Card> withoutFingerprint(Sql sql, int limit) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM card WHERE fingerprint IS NULL ORDER BY card_number LIMIT ?",
        CardRepository::map, limit);
  }

  /** Sets a card's fingerprint as change {@code changeSeq}, so terminals get it with their next delta. */
  public void setFingerprint(Sql sql, String cardNumber, String fingerprint, long changeSeq) throws SQLException {
    sql.update("UPDATE card SET fingerprint = ?, change_seq = ? WHERE card_number = ?", fingerprint, changeSeq,
        cardNumber);
  }

  /** A page of the scheme's cards, by number. */
  public List<Card> ofScheme(Sql sql, long schemeId, int offset, int limit) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM card WHERE scheme_id = ? ORDER BY card_number LIMIT ? OFFSET ?",
        CardRepository::map, schemeId, limit, offset);
  }

  /** Every card of the scheme (for a ledger snapshot). */
  public List<Card> allOfScheme(Sql sql, long schemeId) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM card WHERE scheme_id = ?", CardRepository::map, schemeId);
  }

  /** The scheme's cards changed in {@code (since, upTo]}. */
  public List<Card> changedAfter(Sql sql, long schemeId, long since, long upTo) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM card WHERE scheme_id = ? AND change_seq > ? AND change_seq <= ?",
        CardRepository::map, schemeId, since, upTo);
  }

  public void updateValidity(Sql sql, String cardNumber, LocalDate from, LocalDate until, long changeSeq)
      throws SQLException {
    sql.update("UPDATE card SET valid_from = ?, valid_until = ?, change_seq = ? WHERE card_number = ?",
        from, until, changeSeq, cardNumber);
  }

  /** Sets the holder's first name, as ledger change {@code changeSeq}. */
  public void updateFirstName(Sql sql, String cardNumber, String firstName, long changeSeq) throws SQLException {
    sql.update("UPDATE card SET first_name = ?, change_seq = ? WHERE card_number = ?", firstName, changeSeq,
        cardNumber);
  }

  public void updateStatus(Sql sql, String cardNumber, CardStatus status, long changeSeq) throws SQLException {
    sql.update("UPDATE card SET status = ?, change_seq = ? WHERE card_number = ?", status, changeSeq, cardNumber);
  }

  public void updateCredential(Sql sql, String cardNumber, int serial, LocalDate issuedOn, int keyId,
      String fingerprint, long changeSeq)
      throws SQLException {
    sql.update("UPDATE card SET credential_serial = ?, issued_on = ?, key_id = ?, fingerprint = ?, change_seq = ?"
        + " WHERE card_number = ?", serial, issuedOn, keyId, fingerprint, changeSeq, cardNumber);
  }

  /** Marks a card paid or free; not a ledger change, so no change number. */
  public void updatePaid(Sql sql, String cardNumber, boolean paid) throws SQLException {
    sql.update("UPDATE card SET paid = ? WHERE card_number = ?", paid, cardNumber);
  }

  /** Marks cards changed (e.g. their targeted offers changed). */
  public void touch(Sql sql, Collection<String> numbers, long changeSeq) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (String n : numbers) {
      rows.add(new Object[] {changeSeq, n});
    }
    sql.batch("UPDATE card SET change_seq = ? WHERE card_number = ?", rows);
  }

  public void insertRevocation(Sql sql, long schemeId, String cardNumber, int serial, Instant at, long changeSeq)
      throws SQLException {
    sql.update("INSERT INTO revocation (card_number, credential_serial, scheme_id, revoked_at, change_seq)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (card_number, credential_serial) DO NOTHING",
        cardNumber, serial, schemeId, at, changeSeq);
  }

  /** Every revoked credential of the scheme. */
  public List<Revocation> revocations(Sql sql, long schemeId) throws SQLException {
    return sql.list("SELECT card_number, credential_serial, revoked_at FROM revocation WHERE scheme_id = ?",
        CardRepository::revocation, schemeId);
  }

  /** Revocations added in {@code (since, upTo]}. */
  public List<Revocation> revocationsAfter(Sql sql, long schemeId, long since, long upTo) throws SQLException {
    return sql.list("SELECT card_number, credential_serial, revoked_at FROM revocation WHERE scheme_id = ?"
        + " AND change_seq > ? AND change_seq <= ?", CardRepository::revocation, schemeId, since, upTo);
  }

  /** Revocations of the given cards. */
  public List<Revocation> revocationsOf(Sql sql, Collection<String> numbers) throws SQLException {
    List<Revocation> out = new ArrayList<>();
    List<String> all = List.copyOf(numbers);
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<String> part = all.subList(i, Math.min(all.size(), i + CHUNK));
      Sql.In in = sql.in("card_number", part, "text");
      out.addAll(sql.list("SELECT card_number, credential_serial, revoked_at FROM revocation WHERE " + in.sql(),
          CardRepository::revocation, in.args()));
    }
    return out;
  }

  private static CardTerms terms(Row r) throws SQLException {
    return new CardTerms(r.string("card_number"), r.intValue("credential_serial"), r.date("valid_from"),
        r.date("valid_until"), CardStatus.valueOf(r.string("status")));
  }

  private static Revocation revocation(Row r) throws SQLException {
    return new Revocation(r.string("card_number"), r.intValue("credential_serial"), r.instant("revoked_at"));
  }

  /** The holder's first name; {@code ''} in the column is one the retention erased, read as none. */
  private static String name(String stored) {
    return stored == null || stored.isEmpty() ? null : stored;
  }

  private static Card map(Row r) throws SQLException {
    return new Card(r.string("card_number"), r.longValue("scheme_id"), r.intValue("credential_serial"),
        r.date("issued_on"), r.intValue("key_id"), r.string("fingerprint"), r.date("valid_from"), r.date("valid_until"),
        r.intValue("birth_year"), name(r.string("first_name")), CardStatus.valueOf(r.string("status")), r.bool("paid"));
  }
}
