package no.klipp.protocol.card;

/** Where a credential lives: printed as a QR code, or written to an NFC tag and bound to its UID. */
public enum CredentialForm {
  QR(1),
  NFC(2);

  final int code;

  CredentialForm(int code) {
    this.code = code;
  }

  static CredentialForm fromCode(int code) {
    return switch (code) {
      case 1 -> QR;
      case 2 -> NFC;
      default -> null;
    };
  }
}
