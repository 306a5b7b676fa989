package no.klipp.terminal.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** The right to write a ledger: an OS lock on {@code <ledger>.lock}, released on close or when the process ends. */
public final class LedgerLock implements AutoCloseable {

  /** How long a command waits for a lock held a moment by an agent starting (and failing). */
  private static final long WAIT_MS = 1_000;
  private static final long STEP_MS = 50;

  private final FileChannel channel;

  private LedgerLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Takes the lock of the ledger at {@code ledger}, or refuses with a {@link LedgerException} while
   * another process (the running agent) or another command in this one holds it.
   */
  public static LedgerLock take(Path ledger) {
    Objects.requireNonNull(ledger, "ledger == null");
    Path file = ledger.resolveSibling(ledger.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      // The file stays when released: deleting it would let two processes lock two different files.
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      // An agent that fails at start (no ledger or credential yet, as before enrolling) holds the
      // lock a moment before systemd restarts it: wait that moment out rather than refuse.
      for (long waited = 0; lock == null && waited < WAIT_MS; waited += STEP_MS) {
        sleep();
        lock = tryLock(channel);
      }
      if (lock == null) {
        channel.close();
        throw new LedgerException(LedgerException.Problem.STORAGE, "the ledger " + ledger
            + " is in use by the running terminal agent (or another terminal command): "
            + "stop it first (systemctl stop klipp-terminal)");
      }
      return new LedgerLock(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new LedgerException(LedgerException.Problem.STORAGE, "cannot lock the ledger " + ledger + " (" + file
          + "): " + e, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(STEP_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Releases the lock (closing the channel does). */
  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // The OS releases the lock with the descriptor all the same.
    }
  }
}
