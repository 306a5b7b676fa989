package no.klipp.terminal.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class ScanTextTest {

  @Test
  void credentialTextIsAQrScan() {
    String text = Credentials.qrText(42);
    assertEquals(124, text.length());
    assertEquals(Optional.of(new Scan.Qr(text)), ScanText.parse(text + "\r"));
  }

  @Test
  void printedCardNumberIsTyped() {
    assertEquals(Optional.of(new Scan.Typed("1234567890")), ScanText.parse(" 1234 5678 90 "));
    assertEquals(Optional.of(new Scan.Typed("1234567890")), ScanText.parse("123-456-7890"));
    assertEquals(Optional.of(new Scan.Qr("12345")), ScanText.parse("12345"), "not a card number");
  }

  @Test
  void blankNullAndOverlongLinesAreNothing() {
    assertEquals(Optional.empty(), ScanText.parse("   "));
    assertEquals(Optional.empty(), ScanText.parse(null));
    assertEquals(Optional.empty(), ScanText.parse("A".repeat(ScanText.MAX_LENGTH + 1)));
    assertEquals(1, ScanText.parse("A".repeat(ScanText.MAX_LENGTH)).stream().count());
  }
}
