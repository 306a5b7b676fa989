package no.klipp.server.scheme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that seals issuing keys in the database (AES-256-GCM). It lives in a file readable by
 * the server's user only (0600), so a copy of the database alone cannot forge cards; several
 * servers on one PostgreSQL share the file.
 */
public final class MasterKey {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final SecretKey key;
  private final SecureRandom random;

  private MasterKey(byte[] bytes, SecureRandom random) {
    this.key = new SecretKeySpec(bytes, "AES");
    this.random = random;
  }

  /** Loads the key from {@code file}, creating it (0600) with fresh random bytes if it does not exist. */
  public static MasterKey loadOrCreate(Path file, SecureRandom random) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n");
        } catch (FileAlreadyExistsException raced) {
          // Another process made it first; use theirs.
        }
      }
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        throw new IllegalStateException("master key " + file + " must be readable by its owner only (chmod 600)");
      }
      byte[] bytes = Base64.getDecoder().decode(Files.readString(file).strip());
      if (bytes.length != 32) {
        throw new IllegalStateException("master key " + file + " must hold 32 bytes in Base64");
      }
      return new MasterKey(bytes, random);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read master key " + file, e);
    }
  }

  /** {@code secret} encrypted and authenticated, as Base64 of nonce and ciphertext. */
  public String seal(byte[] secret) {
    try {
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(secret);
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * A key of its own for {@code purpose} (HMAC-SHA256 of the purpose under this key): the same on
   * every server sharing the file, and telling nothing about this key or any other purpose's.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /** The secret of a sealed value; fails if it was sealed with another key or altered. */
  public byte[] open(String sealed) {
    byte[] bytes = Base64.getDecoder().decode(sealed);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
      return cipher.doFinal(bytes, 12, bytes.length - 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealed issuing key does not open with this master key", e);
    }
  }
}
