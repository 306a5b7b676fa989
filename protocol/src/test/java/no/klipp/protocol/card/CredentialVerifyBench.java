package no.klipp.protocol.card;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.util.HexFormat;
import no.klipp.protocol.bench.BenchReport;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code credential-verify}: median time to parse and verify a QR credential (Base45 decode,
 * field checks, Ed25519 verify with BouncyCastle). Baseline: the JDK's own Ed25519 verify of a
 * message of the same size, measured in the same run. Target: median at most 0.2 ms.
 */
@Tag("bench")
class CredentialVerifyBench {

  private static final int WARMUP = 3_000;
  private static final int SAMPLES = 5_000;

  @Test
  void credentialVerify() throws Exception {
    IssuingKey key = TestKeys.key(TestKeys.SCHEME, 1);
    CredentialCodec codec = new CredentialCodec(IssuerKeyring.of(key.publicEntry()));
    String[] texts = new String[64];
    for (int i = 0; i < texts.length; i++) {
      Credential c = new Credential(TestKeys.SCHEME, CardNumber.fromSerial(1000 + i), 1,
          LocalDate.of(2026, 1, 1), 1, CredentialForm.QR);
      texts[i] = CredentialCodec.issueQr(c, key);
    }
    double[] ours = new double[SAMPLES];
    int valid = 0;
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      long t0 = System.nanoTime();
      boolean ok = codec.parseQr(texts[i % texts.length]).isValid();
      long t1 = System.nanoTime();
      if (i >= WARMUP) {
        ours[i - WARMUP] = (t1 - t0) / 1e6;
        valid += ok ? 1 : 0;
      }
    }

    // Baseline: the JDK's Ed25519 provider verifying an equally long message with the same key.
    byte[] message = new byte[35];
    byte[] signature = new byte[64];
    Ed25519PrivateKeyParameters bcKey = new Ed25519PrivateKeyParameters(key.seed(), 0);
    bcKey.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] spki = new byte[x509.length + 32];
    System.arraycopy(x509, 0, spki, 0, x509.length);
    System.arraycopy(bcKey.generatePublicKey().getEncoded(), 0, spki, x509.length, 32);
    PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature jdk = Signature.getInstance("Ed25519");
    int baselineSamples = SAMPLES / 5;
    double[] baseline = new double[baselineSamples];
    for (int i = 0; i < WARMUP / 5 + baselineSamples; i++) {
      long t0 = System.nanoTime();
      jdk.initVerify(jdkKey);
      jdk.update(message);
      boolean ok = jdk.verify(signature);
      long t1 = System.nanoTime();
      if (!ok) {
        throw new IllegalStateException("baseline signature did not verify");
      }
      if (i >= WARMUP / 5) {
        baseline[i - WARMUP / 5] = (t1 - t0) / 1e6;
      }
    }
    if (valid != SAMPLES) {
      throw new IllegalStateException("only " + valid + " of " + SAMPLES + " credentials verified");
    }
    BenchReport.named("credential-verify", "ms")
        .value(BenchReport.median(ours))
        .p99(BenchReport.quantile(ours, 0.99))
        .baseline(BenchReport.median(baseline))
        .figure("baseline_description", "JDK Ed25519 Signature.verify, same key and message length")
        .figure("target_ms", 0.2)
        .param("samples", SAMPLES)
        .param("warmup", WARMUP)
        .param("text_length", texts[0].length())
        .write();
  }
}
