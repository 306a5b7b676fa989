package no.klipp.terminal.camera;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The real phone photographs of QR codes in {@code ../shared/testdata/qr-photos} (ZXing's black-box
 * sets, Apache 2.0; see the README there), found by walking up from the working directory so that
 * both the main checkout and a worktree find them.
 */
final class QrPhotos {

  private QrPhotos() {}

  /** The photo directory, if present. */
  static Optional<Path> directory() {
    String configured = System.getProperty("klipp.qr-photos");
    if (configured != null) {
      return Optional.of(Path.of(configured)).filter(Files::isDirectory);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate :
          List.of(dir.resolve("shared/testdata/qr-photos"), dir.resolve("../shared/testdata/qr-photos"))) {
        if (Files.isDirectory(candidate)) {
          return Optional.of(candidate.normalize());
        }
      }
    }
    // The copy in the test resources (same files, same licence), for a clone without ../shared.
    java.net.URL bundled = QrPhotos.class.getResource("/qr-photos/set-5/01.png");
    if (bundled != null && "file".equals(bundled.getProtocol())) {
      try {
        return Optional.of(Path.of(bundled.toURI()).getParent().getParent());
      } catch (java.net.URISyntaxException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Every photo of {@code set} (e.g. "set-3") in the four right-angle rotations. */
  static List<QrSample> load(Path root, String set) {
    List<QrSample> samples = new ArrayList<>();
    try (Stream<Path> files = Files.list(root.resolve(set))) {
      for (Path png : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
        String name = png.getFileName().toString().replace(".png", "");
        String text = Files.readString(png.resolveSibling(name + ".txt"));
        BufferedImage image = ImageIO.read(png.toFile());
        LumaFrame frame = luma(image);
        for (int quarter = 0; quarter < 4; quarter++) {
          samples.add(new QrSample(set + "/" + name + "@" + quarter * 90, "photo-" + set, frame, text));
          frame = rotate(frame);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return samples;
  }

  static LumaFrame luma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] data = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        data[y * w + x] = (byte) ((299 * r + 587 * g + 114 * b) / 1000); // BT.601, as the camera's Y
      }
    }
    return LumaFrame.packed(data, w, h);
  }

  /** The frame turned 90 degrees clockwise. */
  static LumaFrame rotate(LumaFrame in) {
    int w = in.width();
    int h = in.height();
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[x * h + (h - 1 - y)] = (byte) in.at(x, y);
      }
    }
    return LumaFrame.packed(out, h, w);
  }
}
