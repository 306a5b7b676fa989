package no.klipp.terminal.camera;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts {@code rpicam-vid} writing raw YUV420 frames to its standard output. */
public final class RpicamProcess implements CameraScanSource.FrameStream {

  private static final Logger log = LoggerFactory.getLogger(RpicamProcess.class);

  private final List<String> command;

  /** Runs {@code command} as it is. */
  public RpicamProcess(List<String> command) {
    this.command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty camera command");
    }
  }

  /** The usual command: no preview, run forever, {@code format}'s size at {@code fps}. */
  public static List<String> command(String program, YuvFormat format, int fps) {
    Objects.requireNonNull(program, "program == null");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            program, "--nopreview", "--timeout", "0", "--codec", "yuv420",
            "--width", Integer.toString(format.width()),
            "--height", Integer.toString(format.height()),
            "--framerate", Integer.toString(fps),
            "--output", "-"));
    return command;
  }

  @Override
  public InputStream open() throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new IOException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
    }
    // rpicam-vid reports on stderr; keep it out of the frames, and in the log at DEBUG.
    Thread.ofVirtual().name("camera-stderr").start(() -> {
      try (BufferedReader err =
          new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        err.lines().forEach(line -> log.debug("rpicam: {}", line));
      } catch (IOException | java.io.UncheckedIOException e) {
        // The process ended; its streams are closed under the reader (lines() wraps that).
      }
    });
    InputStream frames = process.getInputStream();
    return new java.io.FilterInputStream(frames) {
      @Override
      public void close() throws IOException {
        process.destroy();
        super.close();
      }
    };
  }
}
