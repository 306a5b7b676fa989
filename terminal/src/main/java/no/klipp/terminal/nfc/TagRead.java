package no.klipp.terminal.nfc;

import java.util.Objects;
import no.klipp.terminal.scan.ReadProblem;

/** The outcome of one look at the reader's field. */
public sealed interface TagRead {

  /** Nothing in the field. */
  record Empty() implements TagRead {}

  /** A tag with its UID and the payload of its Klipp credential record. */
  record Tag(byte[] uid, byte[] payload) implements TagRead {
    public Tag {
      uid = Objects.requireNonNull(uid, "uid == null").clone();
      payload = Objects.requireNonNull(payload, "payload == null").clone();
    }

    @Override
    public byte[] uid() {
      return uid.clone();
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }
  }

  /** Something was there but could not be read; {@code uid} is empty when unknown. */
  record Failed(ReadProblem problem, byte[] uid, String detail) implements TagRead {
    public Failed {
      Objects.requireNonNull(problem, "problem == null");
      uid = uid == null ? new byte[0] : uid.clone();
      Objects.requireNonNull(detail, "detail == null");
    }

    @Override
    public byte[] uid() {
      return uid.clone();
    }
  }

  /** A failure without a known UID. */
  static Failed failed(ReadProblem problem, String detail) {
    return new Failed(problem, new byte[0], detail);
  }

  /** An empty field. */
  static Empty empty() {
    return new Empty();
  }
}
