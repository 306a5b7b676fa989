package no.klipp.protocol.card;

import java.util.Objects;

/** The outcome of parsing a credential: a verified credential, or a typed rejection. */
public sealed interface ParseResult {

  /** A credential whose signature verified against a trusted issuing key. */
  record Valid(Credential credential) implements ParseResult {
    public Valid {
      Objects.requireNonNull(credential, "credential == null");
    }
  }

  /** A refused input, with the reason and a short detail for logs (never the input itself). */
  record Rejected(RejectReason reason, String detail) implements ParseResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason == null");
      Objects.requireNonNull(detail, "detail == null");
    }
  }

  /** True when the credential verified. */
  default boolean isValid() {
    return this instanceof Valid;
  }
}
