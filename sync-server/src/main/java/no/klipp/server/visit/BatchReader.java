package no.klipp.server.visit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;

/**
 * Reads a visit batch in one streaming pass, without data binding: most of an upload's parsing
 * time went to binding thousands of records. It takes only the plain form terminals send (canonical
 * UUIDs, ISO times ending in Z, whole numbers, exact enum names) and answers null for anything else,
 * so the caller reads that batch with the mapper as before: what it accepts, it reads exactly as
 * the mapper would.
 */
final class BatchReader {

  private static final int ID = 1;
  private static final int SEQUENCE = 1 << 1;
  private static final int KIND = 1 << 2;
  private static final int REFERS_TO = 1 << 3;
  private static final int CARD = 1 << 4;
  private static final int SERIAL = 1 << 5;
  private static final int OFFER = 1 << 6;
  private static final int VENUE = 1 << 7;
  private static final int TERMINAL = 1 << 8;
  private static final int TIME = 1 << 9;
  private static final int COMPANIONS = 1 << 10;
  private static final int FLAGS = 1 << 11;
  /** Without these a visit is not in the plain form (the mapper would fill in zeros or fail). */
  private static final int REQUIRED = ID | SEQUENCE | KIND | SERIAL | COMPANIONS;

  private static final VisitKind[] KINDS = VisitKind.values();
  private static final VisitFlag[] FLAG_VALUES = VisitFlag.values();

  /** Signals a batch not in the plain form; never leaves this class. */
  private static final class NotPlain extends Exception {
    NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final NotPlain NOT_PLAIN = new NotPlain();

  private BatchReader() {}

  /** The batch, or null when it is not in the plain form (or not JSON at all). */
  static VisitBatch read(ObjectMapper mapper, byte[] bytes) {
    try (JsonParser p = mapper.createParser(bytes)) {
      VisitBatch batch = batch(mapper, p);
      return p.nextToken() == null ? batch : null;
    } catch (NotPlain | IOException | RuntimeException e) {
      return null;
    }
  }

  private static VisitBatch batch(ObjectMapper mapper, JsonParser p) throws IOException, NotPlain {
    expect(p.nextToken() == JsonToken.START_OBJECT);
    String terminalId = null;
    List<Visit> visits = null;
    TerminalReport report = null;
    int seen = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      expect(t == JsonToken.FIELD_NAME);
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "terminalId" -> {
          seen = once(seen, 1);
          terminalId = text(p, value);
        }
        case "visits" -> {
          seen = once(seen, 2);
          expect(value == JsonToken.START_ARRAY);
          visits = new ArrayList<>();
          for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            visits.add(visit(p, v));
          }
        }
        case "report" -> {
          seen = once(seen, 4);
          if (value != JsonToken.VALUE_NULL) {
            expect(value == JsonToken.START_OBJECT);
            report = mapper.readValue(p, TerminalReport.class);
          }
        }
        default -> p.skipChildren();
      }
    }
    expect(visits != null);
    return new VisitBatch(terminalId, visits, report);
  }

  private static Visit visit(JsonParser p, JsonToken start) throws IOException, NotPlain {
    expect(start == JsonToken.START_OBJECT);
    UUID id = null;
    long sequence = 0;
    VisitKind kind = null;
    UUID refersTo = null;
    String cardNumber = null;
    int credentialSerial = 0;
    String offerId = null;
    String venueId = null;
    String terminalId = null;
    Instant terminalTime = null;
    int companions = 0;
    Set<VisitFlag> flags = null;
    int seen = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      expect(t == JsonToken.FIELD_NAME);
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "id" -> {
          seen = once(seen, ID);
          id = uuid(p, value);
          expect(id != null);
        }
        case "sequence" -> {
          seen = once(seen, SEQUENCE);
          expect(value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
          sequence = p.getLongValue();
        }
        case "kind" -> {
          seen = once(seen, KIND);
          kind = kind(p, value);
        }
        case "refersTo" -> {
          seen = once(seen, REFERS_TO);
          refersTo = uuid(p, value);
        }
        case "cardNumber" -> {
          seen = once(seen, CARD);
          cardNumber = text(p, value);
        }
        case "credentialSerial" -> {
          seen = once(seen, SERIAL);
          credentialSerial = intValue(p, value);
        }
        case "offerId" -> {
          seen = once(seen, OFFER);
          offerId = text(p, value);
        }
        case "venueId" -> {
          seen = once(seen, VENUE);
          venueId = text(p, value);
        }
        case "terminalId" -> {
          seen = once(seen, TERMINAL);
          terminalId = text(p, value);
        }
        case "terminalTime" -> {
          seen = once(seen, TIME);
          terminalTime = instant(p, value);
        }
        case "companions" -> {
          seen = once(seen, COMPANIONS);
          companions = intValue(p, value);
        }
        case "flags" -> {
          seen = once(seen, FLAGS);
          flags = flags(p, value);
        }
        default -> p.skipChildren();
      }
    }
    expect((seen & REQUIRED) == REQUIRED);
    return new Visit(id, sequence, kind, refersTo, cardNumber, credentialSerial, offerId, venueId, terminalId,
        terminalTime, companions, flags);
  }

  private static int once(int seen, int bit) throws NotPlain {
    expect((seen & bit) == 0);
    return seen | bit;
  }

  private static String text(JsonParser p, JsonToken value) throws IOException, NotPlain {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value == JsonToken.VALUE_STRING);
    return p.getText();
  }

  private static int intValue(JsonParser p, JsonToken value) throws IOException, NotPlain {
    expect(value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT);
    return p.getIntValue();
  }

  private static VisitKind kind(JsonParser p, JsonToken value) throws IOException, NotPlain {
    expect(value == JsonToken.VALUE_STRING);
    String text = p.getText();
    for (VisitKind k : KINDS) {
      if (k.name().equals(text)) {
        return k;
      }
    }
    throw NOT_PLAIN;
  }

  private static Set<VisitFlag> flags(JsonParser p, JsonToken value) throws IOException, NotPlain {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value == JsonToken.START_ARRAY);
    Set<VisitFlag> out = EnumSet.noneOf(VisitFlag.class);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      expect(t == JsonToken.VALUE_STRING);
      String text = p.getText();
      VisitFlag found = null;
      for (VisitFlag f : FLAG_VALUES) {
        if (f.name().equals(text)) {
          found = f;
        }
      }
      expect(found != null);
      out.add(found);
    }
    return out;
  }

  /** A canonical UUID (8-4-4-4-12 hex digits), the only form read here. */
  private static UUID uuid(JsonParser p, JsonToken value) throws IOException, NotPlain {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value == JsonToken.VALUE_STRING);
    String s = p.getText();
    expect(s.length() == 36);
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      expect(dash ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
    return UUID.fromString(s);
  }

  /** An ISO instant {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the only form read here. */
  private static Instant instant(JsonParser p, JsonToken value) throws IOException, NotPlain {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value == JsonToken.VALUE_STRING);
    String s = p.getText();
    int n = s.length();
    expect(n >= 20 && n <= 30 && s.charAt(n - 1) == 'Z');
    for (int i = 0; i < n - 1; i++) {
      char c = s.charAt(i);
      boolean ok = switch (i) {
        case 4, 7 -> c == '-';
        case 10 -> c == 'T';
        case 13, 16 -> c == ':';
        case 19 -> c == '.' && n > 21;
        default -> c >= '0' && c <= '9';
      };
      expect(ok);
    }
    // The form is checked above; the fields are read directly (Instant.parse costs more than the
    // rest of a visit). A value out of range (month 13, 24:00, a leap second) throws: declined.
    int nanos = 0;
    for (int i = 20; i < n - 1; i++) {
      nanos = nanos * 10 + (s.charAt(i) - '0');
    }
    for (int i = n - 1; i < 29; i++) {
      nanos *= 10;
    }
    return java.time.LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2),
        digits(s, 14, 2), digits(s, 17, 2), nanos).toInstant(java.time.ZoneOffset.UTC);
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }

  private static void expect(boolean plain) throws NotPlain {
    if (!plain) {
      throw NOT_PLAIN;
    }
  }
}
