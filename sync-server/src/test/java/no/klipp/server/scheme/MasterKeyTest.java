package no.klipp.server.scheme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

  @TempDir
  Path dir;

  @Test
  void createdReadableByItsOwnerOnlyAndStableAcrossLoads() throws Exception {
    Path file = dir.resolve("keys/master.key");
    MasterKey first = MasterKey.loadOrCreate(file, new SecureRandom());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String sealed = first.seal(new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, MasterKey.loadOrCreate(file, new SecureRandom()).open(sealed));
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws Exception {
    Path file = dir.resolve("master.key");
    MasterKey.loadOrCreate(file, new SecureRandom());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThrows(IllegalStateException.class, () -> MasterKey.loadOrCreate(file, new SecureRandom()));
  }

  @Test
  void anotherKeyCannotOpenASealedSecret() {
    String sealed = MasterKey.loadOrCreate(dir.resolve("a.key"), new SecureRandom()).seal(new byte[32]);
    MasterKey other = MasterKey.loadOrCreate(dir.resolve("b.key"), new SecureRandom());
    assertThrows(IllegalStateException.class, () -> other.open(sealed));
  }
}
