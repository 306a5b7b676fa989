package no.klipp.terminal.testing;

import java.time.LocalDate;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.card.IssuingKey;

/** Real signed credentials for reader tests, from a fixed key. */
public final class Credentials {

  private static final IssuingKey KEY = IssuingKey.fromSeed(4711, 1, new byte[32]);

  private Credentials() {}

  /** The QR text ("KL1:" + Base45, 124 characters) of card {@code serial}. */
  public static String qrText(long serial) {
    Credential credential =
        new Credential(
            4711, CardNumber.fromSerial(serial), 1, LocalDate.of(2026, 8, 1), 1, CredentialForm.QR);
    return CredentialCodec.issueQr(credential, KEY);
  }

  /** The NFC payload of card {@code serial}, bound to {@code uid}. */
  public static byte[] nfcPayload(long serial, byte[] uid) {
    Credential credential =
        new Credential(
            4711, CardNumber.fromSerial(serial), 1, LocalDate.of(2026, 8, 1), 1, CredentialForm.NFC);
    return CredentialCodec.issueNfc(credential, KEY, uid);
  }
}
