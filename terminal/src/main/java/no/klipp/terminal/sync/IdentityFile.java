package no.klipp.terminal.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import no.klipp.protocol.sync.Json;

/**
 * The terminal's credential on disk: JSON readable by its owner only (0600), written whole or not
 * at all (a temporary file moved into place), so a power cut never leaves half a token.
 */
public final class IdentityFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path path;
  private final ObjectMapper mapper = Json.mapper();

  public IdentityFile(Path path) {
    this.path = Objects.requireNonNull(path, "path == null");
  }

  /** Where the credential lives. */
  public Path path() {
    return path;
  }

  /** The stored identity; empty when the terminal was never enrolled. */
  public Optional<TerminalIdentity> load() {
    try {
      return Optional.of(mapper.readValue(Files.readAllBytes(path), TerminalIdentity.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Never echo the file: it holds the token.
      throw new IllegalStateException("the terminal credential " + path
          + " is unreadable (" + e.getClass().getSimpleName() + "); enroll again with a new code", e);
    }
  }

  /** Stores {@code identity}, replacing any earlier one; the file is created with mode 0600. */
  public void save(TerminalIdentity identity) throws IOException {
    Objects.requireNonNull(identity, "identity == null");
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(path.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp); // not a POSIX file system (tests on other systems); nothing stricter to ask for
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
    }
    try {
      Files.write(tmp, mapper.writeValueAsBytes(identity), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
