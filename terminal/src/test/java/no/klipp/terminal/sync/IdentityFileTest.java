package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {

  @TempDir
  Path dir;

  private final TerminalIdentity id = new TerminalIdentity("http://s:8080/", "t-1", "v-1", "Pool", "very-secret");

  @Test
  void savedOwnerReadableOnlyAndReadBack() throws Exception {
    IdentityFile file = new IdentityFile(dir.resolve("etc/terminal.json"));

    file.save(id);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
    assertEquals(Optional.of(id), file.load());
    try (var files = Files.list(file.path().getParent())) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void replacingKeepsThePermissions() throws Exception {
    IdentityFile file = new IdentityFile(dir.resolve("terminal.json"));
    file.save(id);
    file.save(new TerminalIdentity("http://s:8080/", "t-2", "v-1", "Pool", "other"));
    assertEquals("t-2", file.load().orElseThrow().terminalId());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
  }

  @Test
  void neverEnrolledIsEmpty() {
    assertEquals(Optional.empty(), new IdentityFile(dir.resolve("none.json")).load());
  }

  @Test
  void damagedFileSaysWhatToDoWithoutShowingIt() throws Exception {
    Path p = dir.resolve("terminal.json");
    Files.writeString(p, "{\"token\":\"leaked-secret\", broken");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new IdentityFile(p).load());
    assertTrue(e.getMessage().contains("enroll again"), e.getMessage());
    assertFalse(e.getMessage().contains("leaked-secret"));
  }

  @Test
  void toStringHidesTheToken() {
    assertFalse(id.toString().contains("very-secret"));
  }
}
