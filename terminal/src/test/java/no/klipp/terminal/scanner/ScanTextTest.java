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
  void simulatedTapIsAnNfcScan() {
    Scan scan = ScanText.parse("nfc:0102ff:04A1B2").orElseThrow();
    Scan.Nfc nfc = (Scan.Nfc) scan;
    assertEquals("0102ff", java.util.HexFormat.of().formatHex(nfc.payload()));
    assertEquals("04a1b2", java.util.HexFormat.of().formatHex(nfc.uid()));
    assertEquals(Optional.of(new Scan.Qr("nfc:zz:01")), ScanText.parse("nfc:zz:01"), "not hex: left to validation");
  }

  @Test
  void aHandScannerOnlyEverReadsACodesText() {
    // A QR code printed with a card number (on every card face) or with a copied tag's payload and
    // UID: neither may pass as staff typing the number or as a tap on the NFC reader.
    assertEquals(Optional.of(new Scan.Qr("1234 5678 90")), ScanText.code(" 1234 5678 90 "));
    assertEquals(Optional.of(new Scan.Qr("nfc:0102ff:04A1B2")), ScanText.code("nfc:0102ff:04A1B2"));
    String text = Credentials.qrText(42);
    assertEquals(Optional.of(new Scan.Qr(text)), ScanText.code(text + "\r"));
    assertEquals(Optional.empty(), ScanText.code("   "));
    assertEquals(Optional.empty(), ScanText.code(null));
    assertEquals(Optional.empty(), ScanText.code("A".repeat(ScanText.MAX_LENGTH + 1)));
  }

  @Test
  void blankNullAndOverlongLinesAreNothing() {
    assertEquals(Optional.empty(), ScanText.parse("   "));
    assertEquals(Optional.empty(), ScanText.parse(null));
    assertEquals(Optional.empty(), ScanText.parse("A".repeat(ScanText.MAX_LENGTH + 1)));
    assertEquals(1, ScanText.parse("A".repeat(ScanText.MAX_LENGTH)).stream().count());
  }
}
