package no.klipp.terminal.validation;

import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.ParseResult;
import no.klipp.protocol.card.RejectReason;
import no.klipp.terminal.scan.Scan;

/** What a scan presented: a card number, with its verified credential unless staff typed it. */
sealed interface Presented {

  /** A card; {@code credential} is null when the number was typed. */
  record Card(String number, Credential credential) implements Presented {
    boolean typed() {
      return credential == null;
    }
  }

  /** Not a genuine, readable card code; {@code reason} is the codec's, {@code detail} says why, for logs. */
  record Invalid(RejectReason reason, String detail) implements Presented {
    /** True when the code was well formed but no trusted key could check it. */
    boolean noKey() {
      return reason == RejectReason.UNKNOWN_KEY;
    }

    /** True when the code was read whole and well formed, but no trusted key vouches for it. */
    boolean readInFull() {
      return reason == RejectReason.UNKNOWN_KEY || reason == RejectReason.BAD_SIGNATURE;
    }
  }

  /** Reads and verifies a scan; never throws for bad input. */
  static Presented of(Scan scan, CredentialCodec codec) {
    return of(scan, codec, null);
  }

  /** Reads a scan; a QR credential {@code vouch} recognises by fingerprint is not verified again. */
  static Presented of(Scan scan, CredentialCodec codec, CredentialCodec.Vouch vouch) {
    return switch (scan) {
      case Scan.Qr qr -> of(codec.parseQr(qr.text(), vouch));
      case Scan.Nfc nfc -> of(codec.parseNfc(nfc.payload(), nfc.uid()));
      case Scan.Typed typed -> CardNumber.parse(typed.cardNumber())
          .<Presented>map(n -> new Card(n.digits(), null))
          .orElseGet(() -> new Invalid(RejectReason.BAD_FIELD, "not a card number (ten digits with a valid check digit)"));
    };
  }

  private static Presented of(ParseResult result) {
    return switch (result) {
      case ParseResult.Valid v -> new Card(v.credential().cardNumber().digits(), v.credential());
      case ParseResult.Rejected r -> new Invalid(r.reason(), r.reason() + ": " + r.detail());
    };
  }
}
