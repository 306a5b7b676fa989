package no.klipp.protocol.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CredentialVectorsTest {

  private static final CredentialVectors.Vectors VECTORS = CredentialVectors.load();

  @TestFactory
  Stream<DynamicTest> everyVectorHasItsExpectedOutcome() {
    CredentialCodec codec = new CredentialCodec(VECTORS.keyring());
    return VECTORS.vectors().stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
      ParseResult result = v.form().equals("qr") ? codec.parseQr(v.qrText()) : codec.parseNfc(v.payload(), v.uid());
      if (v.valid()) {
        ParseResult.Valid valid = assertInstanceOf(ParseResult.Valid.class, result, () -> result.toString());
        assertEquals(v.credential().orElseThrow(), valid.credential());
        if (v.form().equals("qr")) {
          assertEquals(v.fingerprint().orElseThrow(), CredentialCodec.fingerprint(v.qrText()));
          ParseResult vouched = codec.parseQr(v.qrText(), (c, f) -> f.equals(v.fingerprint().get()));
          assertEquals(valid, vouched, "the same credential whether vouched for or verified");
        }
      } else {
        ParseResult.Rejected rejected = assertInstanceOf(ParseResult.Rejected.class, result);
        assertEquals(RejectReason.valueOf(v.expect()), rejected.reason(), rejected.detail());
      }
    }));
  }

  @Test
  void vectorsCoverEveryRejectReason() {
    Set<String> covered = new TreeSet<>();
    VECTORS.vectors().forEach(v -> covered.add(v.expect()));
    for (RejectReason reason : RejectReason.values()) {
      assertTrue(covered.contains(reason.name()), "no vector for " + reason);
    }
    assertTrue(covered.contains("VALID"));
  }

  @Test
  void fileMatchesItsGenerator() throws IOException {
    // Guards against hand edits drifting from the generator (and from the codec).
    try (InputStream in = CredentialVectors.class.getResourceAsStream(CredentialVectors.RESOURCE)) {
      String onDisk = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(CredentialVectors.render(), onDisk);
    }
  }
}
