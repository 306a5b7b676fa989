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
