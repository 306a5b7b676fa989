package no.klipp.protocol.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.LocalDate;
import java.util.Locale;
import no.klipp.protocol.sync.QuotaPeriod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A machine set to a locale with its own digits (Arabic, Persian, Bengali…), as systemd passes
 * the system's LANG to the services, still writes card numbers and quota periods in ASCII digits:
 * formatted in the locale's digits, every signed card was refused and the terminal's period keys
 * differed from the server's.
 */
@Isolated
class DefaultLocaleTest {

  private Locale saved;

  @BeforeEach
  void arabicDigits() {
    saved = Locale.getDefault();
    Locale.setDefault(Locale.of("ar", "SA"));
    // The premise: this locale really formats with other digits.
    assertEquals("\u0664\u0662", String.format("%d", 42));
  }

  @AfterEach
  void restore() {
    Locale.setDefault(saved);
  }

  @Test
  void cardNumbersAndCredentialsKeepAsciiDigits() {
    assertEquals("000000042" + CardNumber.checkDigit("000000042"), CardNumber.fromSerial(42).digits());
    assertEquals(CardNumber.fromSerial(42), CardNumber.fromValue(Long.parseLong(CardNumber.fromSerial(42).digits()))
        .orElseThrow());
    IssuingKey key = TestKeys.key(TestKeys.SCHEME, 1);
    Credential credential = new Credential(TestKeys.SCHEME, CardNumber.fromSerial(42), 1, LocalDate.of(2026, 3, 1), 1,
        CredentialForm.QR);
    ParseResult read = new CredentialCodec(IssuerKeyring.of(key.publicEntry()))
        .parseQr(CredentialCodec.issueQr(credential, key));
    assertEquals(credential, assertInstanceOf(ParseResult.Valid.class, read).credential());
  }

  @Test
  void quotaPeriodKeysKeepAsciiDigits() {
    LocalDate day = LocalDate.of(2026, 11, 20);
    assertEquals("2026-11", QuotaPeriod.MONTH.key(day, null));
    assertEquals("2026-W47", QuotaPeriod.WEEK.key(day, null));
  }
}
