package no.klipp.protocol.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the credential parser. In the normal test run Jazzer runs in regression mode over the
 * inputs in {@code src/test/resources/.../CredentialFuzzTestInputs}; with {@code JAZZER_FUZZ=1} it
 * searches for new ones.
 */
class CredentialFuzzTest {

  private static final CredentialVectors.Vectors VECTORS = CredentialVectors.load();
  private static final CredentialCodec CODEC = new CredentialCodec(VECTORS.keyring());

  @FuzzTest(maxDuration = "30s")
  void qrParsingIsTotal(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ParseResult result = CODEC.parseQr(text);
    assertNotNull(result);
    if (result instanceof ParseResult.Valid valid) {
      // Anything accepted must be exactly what the codec itself would issue.
      assertEquals(valid.credential(), ((ParseResult.Valid) CODEC.parseQr(text)).credential());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void nfcParsingIsTotal(FuzzedDataProvider data) {
    byte[] uid = data.consumeBytes(data.consumeInt(0, 12));
    byte[] payload = data.consumeRemainingAsBytes();
    assertNotNull(CODEC.parseNfc(payload, uid));
  }

  @FuzzTest(maxDuration = "30s")
  void mutatedValidCredentialsAreNeverMisread(FuzzedDataProvider data) {
    String good = VECTORS.vectors().get(0).qrText();
    char[] chars = good.toCharArray();
    int flips = data.consumeInt(1, 4);
    for (int i = 0; i < flips; i++) {
      chars[data.consumeInt(0, chars.length - 1)] = data.consumeChar();
    }
    String mutated = new String(chars);
    ParseResult result = CODEC.parseQr(mutated);
    if (!mutated.equals(good) && result instanceof ParseResult.Valid valid) {
      // A different text may only verify if it decodes to the same signed bytes, which Base45 forbids.
      throw new AssertionError("mutated credential verified: " + valid.credential());
    }
  }
}
