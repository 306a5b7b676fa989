package no.klipp.terminal.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps SQLite's native library in a directory of the terminal's own, extracted once. Left to
 * itself the driver extracts it to the temporary directory and compares it byte by byte on every
 * start, a fifth of the terminal's start-up time.
 */
final class NativeLibrary {

  private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
  private static final String PATH_PROPERTY = "org.sqlite.lib.path";
  private static final String NAME_PROPERTY = "org.sqlite.lib.name";
  private static boolean done;

  private NativeLibrary() {}

  /** Points the driver at the library under {@code dir}, extracting it first if needed; never fails. */
  static synchronized void prepare(Path dir) {
    if (done || System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    done = true;
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    Path target = dir.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(LibraryLoaderUtil.getNativeLibName());
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        return; // no bundled library for this platform: the driver finds one its own way
      }
      if (!Files.isRegularFile(target)) {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "lib", ".part");
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      System.setProperty(PATH_PROPERTY, target.getParent().toString());
      System.setProperty(NAME_PROPERTY, target.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      log.debug("SQLite library left to the driver: {}", e.toString());
    }
  }
}
