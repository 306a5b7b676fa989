package no.klipp.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (BouncyCastle), stored in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} so the cost can be raised later.
 */
public final class PasswordHasher {

  /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public static final PasswordHasher DEFAULT_COST = new PasswordHasher(19 * 1024, 2, new SecureRandom());

  private final int memoryKib;
  private final int iterations;
  private final SecureRandom random;

  public PasswordHasher(int memoryKib, int iterations, SecureRandom random) {
    if (memoryKib < 8 || iterations < 1) {
      throw new IllegalArgumentException("Argon2 cost too low: m=" + memoryKib + " t=" + iterations);
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.random = random;
  }

  /** The stored form of {@code password}. */
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKib, iterations, 1);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$"
        + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** True when {@code password} matches {@code stored}; false for any malformed stored value. */
  public boolean verify(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int m = 0, t = 0, p = 0;
      for (String kv : parts[3].split(",")) {
        String[] pair = kv.split("=", 2);
        int v = Integer.parseInt(pair[1]);
        switch (pair[0]) {
          case "m" -> m = v;
          case "t" -> t = v;
          case "p" -> p = v;
          default -> { return false; }
        }
      }
      byte[] salt = Base64.getDecoder().decode(parts[4]);
      byte[] expected = Base64.getDecoder().decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p);
      return MessageDigest.isEqual(expected, actual);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(lanes)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
