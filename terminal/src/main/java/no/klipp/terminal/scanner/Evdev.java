package no.klipp.terminal.scanner;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * A Linux input event device opened and grabbed exclusively (EVIOCGRAB), so that what the scanner
 * types reaches only this program and not a console or desktop. Uses libc through the FFM API.
 */
// Restricted FFM calls by design: the jar's manifest enables native access for this code.
@SuppressWarnings("restricted")
final class Evdev implements AutoCloseable {

  /** {@code _IOW('E', 0x90, int)}. */
  static final long EVIOCGRAB = 0x40044590L;

  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final short POLLIN = 1;
  private static final int EINTR = 4;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN =
      downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle IOCTL =
      downcall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT),
          ERRNO_OPTION,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle POLL =
      downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle READ =
      downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
  private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private final Path path;
  private final int fd;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment state = arena.allocate(CALL_STATE);
  private final MemorySegment pollfd = arena.allocate(8);
  private final MemorySegment buffer;

  private Evdev(Path path, int fd, int bufferSize) {
    this.path = path;
    this.fd = fd;
    this.buffer = arena.allocate(bufferSize);
  }

  /** The size of one {@code struct input_event} for this JVM: 24 bytes on 64-bit, 16 on 32-bit. */
  static int eventSize() {
    return ADDRESS.byteSize() == 8 ? 24 : 16;
  }

  /** Opens {@code path} and grabs it; the message says which step failed and why. */
  static Evdev open(Path path) throws IOException {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      throw new IOException(path + ": input event devices exist only on Linux");
    }
    int fd;
    try (Arena call = Arena.ofConfined()) {
      MemorySegment callState = call.allocate(CALL_STATE);
      fd = (int) OPEN.invokeExact(callState, call.allocateFrom(path.toString()), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        throw new IOException("cannot open " + path + ": " + strerror(errno(callState)));
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("cannot open " + path + ": " + t, t);
    }
    Evdev device = new Evdev(path, fd, eventSize() * 64);
    device.grab(true);
    return device;
  }

  private void grab(boolean on) throws IOException {
    int result;
    try {
      result = (int) IOCTL.invokeExact(state, fd, EVIOCGRAB, on ? 1 : 0);
    } catch (Throwable t) {
      throw new IOException("cannot grab " + path + ": " + t, t);
    }
    if (result < 0 && on) {
      String why = strerror(errno(state));
      close();
      throw new IOException(
          "cannot grab " + path + " exclusively (not an input event device, or grabbed by another program?): " + why);
    }
  }

  /**
   * Reads what is available within {@code timeoutMillis} into {@code into}; returns the number of
   * bytes, 0 when nothing came in time. Throws when the device is gone (a scanner unplugged).
   */
  int read(byte[] into, int timeoutMillis) throws IOException {
    try {
      pollfd.set(JAVA_INT, 0, fd);
      pollfd.set(JAVA_SHORT, 4, POLLIN);
      pollfd.set(JAVA_SHORT, 6, (short) 0);
      int ready = (int) POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
      if (ready < 0) {
        if (errno(state) == EINTR) {
          return 0;
        }
        throw new IOException("poll " + path + ": " + strerror(errno(state)));
      }
      if (ready == 0) {
        return 0;
      }
      long n = (long) READ.invokeExact(state, fd, buffer, Math.min(buffer.byteSize(), (long) into.length));
      if (n <= 0) {
        throw new IOException("read " + path + ": " + (n == 0 ? "end of file" : strerror(errno(state))));
      }
      MemorySegment.copy(buffer, JAVA_BYTE, 0, into, 0, (int) n);
      return (int) n;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("read " + path + ": " + t, t);
    }
  }

  @Override
  public void close() {
    try {
      int ignored = (int) CLOSE.invokeExact(fd); // closing also releases the grab
    } catch (Throwable t) {
      // Nothing more can be done about a failing close.
    }
    arena.close();
  }

  private static int errno(MemorySegment callState) {
    return (int) ERRNO.get(callState, 0L);
  }

  private static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LINKER.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }
}
