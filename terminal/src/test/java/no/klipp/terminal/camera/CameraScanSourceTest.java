package no.klipp.terminal.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class CameraScanSourceTest {

  /** A clock that moves 100 ms each time it is read: one camera frame at 10 fps. */
  private static Clock ticking() {
    return new Clock() {
      private Instant now = Instant.parse("2026-11-21T10:00:00Z");

      @Override
      public synchronized Instant instant() {
        now = now.plusMillis(100);
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  /** A frame of {@code format} whose luma is {@code luma}, with chroma planes of noise. */
  private static byte[] yuv(YuvFormat format, LumaFrame luma, Random random) {
    byte[] frame = new byte[format.frameBytes()];
    random.nextBytes(frame); // padding and chroma hold whatever the camera left there
    for (int y = 0; y < format.height(); y++) {
      System.arraycopy(luma.data(), y * luma.stride(), frame, y * format.stride(), format.width());
    }
    return frame;
  }

  @Test
  void alignedFormatPadsRowsToSixtyFour() {
    assertEquals(640, YuvFormat.aligned(640, 480).stride());
    assertEquals(1344, YuvFormat.aligned(1332, 990).stride());
    assertEquals(640 * 480 * 3 / 2, YuvFormat.aligned(640, 480).frameBytes());
  }

  @Test
  void codeHeldInFrontOfTheCameraIsOneScanAndAnotherCodeIsAnother() throws Exception {
    YuvFormat format = new YuvFormat(640, 480, 704); // padded rows
    Random random = new Random(5);
    String a = Credentials.qrText(501);
    String b = Credentials.qrText(502);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (String text : new String[] {null, a, a, null, a, b}) {
      LumaFrame luma = QrScenes.render(text == null ? QrScenes.Kind.EMPTY : QrScenes.Kind.CLEAN, text, random, 640);
      stream.writeBytes(yuv(format, luma, random));
    }
    List<Scan> scans = new CopyOnWriteArrayList<>();
    // A decoder that decodes every frame in turn: wait for each frame to be taken before the next.
    CameraScanSource source =
        new CameraScanSource(
            () -> new SlowStream(stream.toByteArray(), format.frameBytes()),
            format, QrDecoders.standard(), ticking(), Duration.ofSeconds(2), false);
    source.start(scans::add);
    source.awaitEnd(Duration.ofSeconds(20));
    assertEquals(List.of(new Scan.Qr(a), new Scan.Qr(b)), scans);
  }

  @Test
  void slowDecoderSkipsToTheNewestFrame() throws Exception {
    YuvFormat format = new YuvFormat(16, 8, 64);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int id = 1; id <= 30; id++) {
      byte[] frame = new byte[format.frameBytes()];
      frame[0] = (byte) id; // the first luma byte names the frame
      stream.writeBytes(frame);
    }
    CountDownLatch firstTaken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> decoded = new CopyOnWriteArrayList<>();
    QrDecoder slow =
        frame -> {
          decoded.add(frame.at(0, 0));
          if (decoded.size() == 1) {
            firstTaken.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Optional.empty();
        };
    CameraScanSource source =
        new CameraScanSource(
            () -> new ByteArrayInputStream(stream.toByteArray()), format, slow, ticking(), Duration.ofSeconds(2), false);
    source.start(scan -> {});
    assertTrue(firstTaken.await(5, TimeUnit.SECONDS));
    // Let the reader run through the rest of the stream while the decoder is busy.
    while (source.counts()[0] < 30) {
      Thread.sleep(5);
    }
    release.countDown();
    source.awaitEnd(Duration.ofSeconds(5));
    assertEquals(30, decoded.get(decoded.size() - 1), "the newest frame is decoded: " + decoded);
    assertTrue(decoded.size() <= 3, "frames in between are skipped: " + decoded);
  }

  @Test
  void framesComeFromTheCameraProcessAndItIsRestartedWhenItDies() throws Exception {
    YuvFormat format = YuvFormat.aligned(640, 480);
    Random random = new Random(9);
    String text = Credentials.qrText(503);
    java.nio.file.Path frames = java.nio.file.Files.createTempFile("frames", ".yuv");
    try {
      java.nio.file.Files.write(frames, yuv(format, QrScenes.render(QrScenes.Kind.CLEAN, text, random, 640), random));
      // A stand-in for rpicam-vid: a process writing one frame to its standard output, then dying.
      RpicamProcess camera = new RpicamProcess(List.of("cat", frames.toString()));
      LinkedBlockingQueue<Scan> scans = new LinkedBlockingQueue<>();
      CameraScanSource source =
          new CameraScanSource(camera, format, QrDecoders.standard(), ticking(), Duration.ZERO);
      source.start(scans::add);
      assertEquals(new Scan.Qr(text), scans.poll(10, TimeUnit.SECONDS));
      // With no holdoff, the frame of the restarted process counts again.
      assertEquals(new Scan.Qr(text), scans.poll(10, TimeUnit.SECONDS));
      source.close();
    } finally {
      java.nio.file.Files.delete(frames);
    }
  }

  @Test
  void restartedCameraStillSkipsToTheNewestFrameWhileTheDecoderIsBusy() throws Exception {
    YuvFormat format = new YuvFormat(16, 8, 64);
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    CameraScanSource.FrameStream camera = () -> {
      int run = opened.incrementAndGet();
      if (run == 1) {
        return new ByteArrayInputStream(frames(format, 1, 1)); // dies after one frame
      }
      if (run > 2) {
        return new ByteArrayInputStream(new byte[0]);
      }
      // The restarted camera sends frame 2, and frames 3..6 once the decoder is busy with it.
      return new java.io.SequenceInputStream(new ByteArrayInputStream(frames(format, 2, 2)), new java.io.InputStream() {
        private java.io.InputStream rest;

        @Override
        public int read() throws java.io.IOException {
          return rest().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
          return rest().read(b, off, len);
        }

        private java.io.InputStream rest() throws java.io.IOException {
          if (rest == null) {
            try {
              busy.await();
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
            rest = new ByteArrayInputStream(frames(format, 3, 6));
          }
          return rest;
        }
      });
    };
    List<Integer> decoded = new CopyOnWriteArrayList<>();
    QrDecoder slow =
        frame -> {
          decoded.add(frame.at(0, 0));
          if (frame.at(0, 0) == 2) {
            busy.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Optional.empty();
        };
    CameraScanSource source = new CameraScanSource(camera, format, slow, ticking(), Duration.ofSeconds(2), true);
    try {
      source.start(scan -> {});
      assertTrue(busy.await(10, TimeUnit.SECONDS), "frame 2 decoded: " + decoded);
      // The buffer the first run was reading into when it died is back in the pool, so the
      // restarted camera keeps being read while a frame is decoded.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (source.counts()[0] < 6 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(6, source.counts()[0], "frames read");
      release.countDown();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!decoded.contains(6) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(6, decoded.get(decoded.size() - 1), "the newest frame is decoded: " + decoded);
    } finally {
      release.countDown();
      busy.countDown();
      source.close();
    }
  }

  /** Frames {@code first..last}, each named by its first luma byte. */
  private static byte[] frames(YuvFormat format, int first, int last) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int id = first; id <= last; id++) {
      byte[] frame = new byte[format.frameBytes()];
      frame[0] = (byte) id;
      stream.writeBytes(frame);
    }
    return stream.toByteArray();
  }

  @Test
  void aCameraProcessThatEndsLeavesNoUncaughtExceptionBehind() throws Exception {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try {
      for (int i = 0; i < 20; i++) {
        // A camera that reports on stderr and exits at once, as rpicam-vid does without a camera.
        RpicamProcess camera = new RpicamProcess(List.of("sh", "-c", "echo no cameras available >&2"));
        try (java.io.InputStream frames = camera.open()) {
          assertEquals(-1, frames.read());
        }
      }
      Thread.sleep(500); // the stderr readers see their streams end
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertEquals(List.of(), uncaught);
  }

  @Test
  void rpicamCommandAsksForRawYuvOnStandardOutput() {
    assertEquals(
        List.of("rpicam-vid", "--nopreview", "--timeout", "0", "--codec", "yuv420", "--width", "640",
            "--height", "480", "--framerate", "15", "--output", "-"),
        RpicamProcess.command("rpicam-vid", YuvFormat.aligned(640, 480), 15));
  }

  /** Hands out one frame at a time, only after the previous one was taken for decoding. */
  private static final class SlowStream extends java.io.InputStream {
    private final byte[] data;
    private final int frame;
    private int at;

    SlowStream(byte[] data, int frame) {
      this.data = data;
      this.frame = frame;
    }

    @Override
    public int read() {
      return at < data.length ? data[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (at >= data.length) {
        return -1;
      }
      if (at > 0 && at % frame == 0) {
        try {
          Thread.sleep(60); // the camera's frame interval; decoding a 640x480 frame takes less
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int n = Math.min(len, Math.min(data.length - at, frame - at % frame));
      System.arraycopy(data, at, b, off, n);
      at += n;
      return n;
    }
  }
}
