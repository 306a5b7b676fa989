package no.klipp.terminal.camera;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import no.klipp.terminal.testing.Credentials;

/**
 * Synthetic camera frames of credential QR codes, as a phone or card held in front of a camera:
 * any rotation, tilted (perspective), out of focus, noisy, in poor light, or no code at all.
 * Deterministic for a seed.
 */
final class QrScenes {

  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  /** The kinds of scene, each with its own distortions on top of a random rotation. */
  enum Kind {
    CLEAN,
    PERSPECTIVE,
    BLUR,
    NOISE,
    LOW_CONTRAST,
    SMALL,
    HARD,
    EMPTY
  }

  private QrScenes() {}

  /** {@code perKind} frames of every kind, 640x480, rows padded to {@code stride}. */
  static List<QrSample> generate(long seed, int perKind, int stride) {
    Random random = new Random(seed);
    List<QrSample> samples = new ArrayList<>();
    for (int i = 0; i < perKind; i++) {
      for (Kind kind : Kind.values()) {
        String text = kind == Kind.EMPTY ? null : Credentials.qrText(1000 + samples.size());
        samples.add(
            new QrSample(
                kind.name().toLowerCase() + "-" + i,
                "generated-" + kind.name().toLowerCase(),
                render(kind, text, random, stride),
                text));
      }
    }
    return samples;
  }

  static BitMatrix matrix(String text) {
    try {
      return new QRCodeWriter()
          .encode(
              text,
              BarcodeFormat.QR_CODE,
              0,
              0,
              Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
    } catch (WriterException e) {
      throw new IllegalStateException(e);
    }
  }

  static LumaFrame render(Kind kind, String text, Random random, int stride) {
    double[] image = background(random);
    if (kind == Kind.EMPTY && random.nextBoolean()) {
      busy(image, random);
    }
    if (text != null) {
      double size =
          switch (kind) {
            case SMALL -> 120 + random.nextDouble() * 30;
            default -> 170 + random.nextDouble() * 150;
          };
      double perspective =
          switch (kind) {
            case PERSPECTIVE -> 0.10 + random.nextDouble() * 0.08;
            case HARD -> 0.05 + random.nextDouble() * 0.07;
            default -> random.nextDouble() * 0.02;
          };
      int dark = 25;
      int light = 225;
      if (kind == Kind.LOW_CONTRAST) {
        dark = 85 + random.nextInt(20);
        light = dark + 45 + random.nextInt(20);
      }
      drawCode(image, matrix(text), size, random.nextDouble() * 2 * Math.PI, perspective, dark, light, random);
    }
    switch (kind) {
      case BLUR -> blur(image, 2 + random.nextInt(2));
      case HARD -> blur(image, 1 + random.nextInt(2));
      default -> blur(image, 1);
    }
    double sigma =
        switch (kind) {
          case NOISE -> 18 + random.nextDouble() * 14;
          case HARD -> 8 + random.nextDouble() * 8;
          case LOW_CONTRAST -> 4;
          default -> 3;
        };
    byte[] data = new byte[stride * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        double v = image[y * WIDTH + x] + random.nextGaussian() * sigma;
        data[y * stride + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    return new LumaFrame(data, WIDTH, HEIGHT, stride);
  }

  /** A lit wall with some clutter: a gradient and a few rectangles of other greys. */
  private static double[] background(Random random) {
    double[] image = new double[WIDTH * HEIGHT];
    double base = 110 + random.nextDouble() * 60;
    double gx = (random.nextDouble() - 0.5) * 0.15;
    double gy = (random.nextDouble() - 0.5) * 0.15;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        image[y * WIDTH + x] = base + gx * x + gy * y;
      }
    }
    int rects = 3 + random.nextInt(8);
    for (int r = 0; r < rects; r++) {
      int x0 = random.nextInt(WIDTH);
      int y0 = random.nextInt(HEIGHT);
      int w = 10 + random.nextInt(200);
      int h = 10 + random.nextInt(150);
      double grey = 40 + random.nextDouble() * 180;
      for (int y = y0; y < Math.min(HEIGHT, y0 + h); y++) {
        for (int x = x0; x < Math.min(WIDTH, x0 + w); x++) {
          image[y * WIDTH + x] = grey;
        }
      }
    }
    return image;
  }

  /** Fine clutter (printed text, a patterned shirt): many small dark and light patches. */
  private static void busy(double[] image, Random random) {
    for (int r = 0; r < 400; r++) {
      int x0 = random.nextInt(WIDTH);
      int y0 = random.nextInt(HEIGHT);
      int w = 2 + random.nextInt(14);
      int h = 2 + random.nextInt(14);
      double grey = random.nextBoolean() ? 20 + random.nextDouble() * 40 : 190 + random.nextDouble() * 50;
      for (int y = y0; y < Math.min(HEIGHT, y0 + h); y++) {
        for (int x = x0; x < Math.min(WIDTH, x0 + w); x++) {
          image[y * WIDTH + x] = grey;
        }
      }
    }
  }

  private static void drawCode(
      double[] image, BitMatrix code, double size, double angle, double perspective,
      int dark, int light, Random random) {
    double cx = WIDTH / 2.0 + (random.nextDouble() - 0.5) * (WIDTH - size * 1.5) * 0.5;
    double cy = HEIGHT / 2.0 + (random.nextDouble() - 0.5) * (HEIGHT - size * 1.5) * 0.5;
    double[][] unit = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    double[][] quad = new double[4][2];
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    for (int i = 0; i < 4; i++) {
      double dx = (unit[i][0] - 0.5) * size + (random.nextDouble() - 0.5) * 2 * perspective * size;
      double dy = (unit[i][1] - 0.5) * size + (random.nextDouble() - 0.5) * 2 * perspective * size;
      quad[i][0] = cx + cos * dx - sin * dy;
      quad[i][1] = cy + sin * dx + cos * dy;
    }
    double[] h = Homography.between(quad, unit); // image -> code square
    int n = code.getWidth();
    int minX = (int) Math.max(0, Math.floor(min(quad, 0)));
    int maxX = (int) Math.min(WIDTH - 1, Math.ceil(max(quad, 0)));
    int minY = (int) Math.max(0, Math.floor(min(quad, 1)));
    int maxY = (int) Math.min(HEIGHT - 1, Math.ceil(max(quad, 1)));
    for (int y = minY; y <= maxY; y++) {
      for (int x = minX; x <= maxX; x++) {
        int inside = 0;
        double sum = 0;
        for (int s = 0; s < 4; s++) { // 2x2 supersampling for smooth edges
          double px = x + 0.25 + 0.5 * (s & 1);
          double py = y + 0.25 + 0.5 * (s >> 1);
          double w = h[6] * px + h[7] * py + 1;
          double u = (h[0] * px + h[1] * py + h[2]) / w;
          double v = (h[3] * px + h[4] * py + h[5]) / w;
          if (u >= 0 && u < 1 && v >= 0 && v < 1) {
            inside++;
            sum += code.get((int) (u * n), (int) (v * n)) ? dark : light;
          }
        }
        if (inside > 0) {
          int i = y * WIDTH + x;
          image[i] = (image[i] * (4 - inside) + sum) / 4;
        }
      }
    }
  }

  /** Two passes of a box blur of {@code radius}: close to a Gaussian of the same width. */
  private static void blur(double[] image, int radius) {
    for (int pass = 0; pass < 2; pass++) {
      boxBlur(image, radius, true);
      boxBlur(image, radius, false);
    }
  }

  private static void boxBlur(double[] image, int radius, boolean horizontal) {
    int lines = horizontal ? HEIGHT : WIDTH;
    int length = horizontal ? WIDTH : HEIGHT;
    double[] line = new double[length];
    for (int l = 0; l < lines; l++) {
      for (int i = 0; i < length; i++) {
        line[i] = image[horizontal ? l * WIDTH + i : i * WIDTH + l];
      }
      for (int i = 0; i < length; i++) {
        double sum = 0;
        int count = 0;
        for (int k = Math.max(0, i - radius); k <= Math.min(length - 1, i + radius); k++) {
          sum += line[k];
          count++;
        }
        image[horizontal ? l * WIDTH + i : i * WIDTH + l] = sum / count;
      }
    }
  }

  private static double min(double[][] quad, int axis) {
    double m = Double.MAX_VALUE;
    for (double[] p : quad) {
      m = Math.min(m, p[axis]);
    }
    return m;
  }

  private static double max(double[][] quad, int axis) {
    double m = -Double.MAX_VALUE;
    for (double[] p : quad) {
      m = Math.max(m, p[axis]);
    }
    return m;
  }

  /** The projective map taking four points to four others (a 3x3 matrix with h[8] = 1). */
  static final class Homography {
    private Homography() {}

    static double[] between(double[][] from, double[][] to) {
      double[][] a = new double[8][9];
      for (int i = 0; i < 4; i++) {
        double x = from[i][0];
        double y = from[i][1];
        double u = to[i][0];
        double v = to[i][1];
        a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
        a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
      }
      for (int c = 0; c < 8; c++) { // Gaussian elimination with partial pivoting
        int pivot = c;
        for (int r = c + 1; r < 8; r++) {
          if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
            pivot = r;
          }
        }
        double[] t = a[c];
        a[c] = a[pivot];
        a[pivot] = t;
        for (int r = 0; r < 8; r++) {
          if (r != c) {
            double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; k++) {
              a[r][k] -= f * a[c][k];
            }
          }
        }
      }
      double[] h = new double[8];
      for (int i = 0; i < 8; i++) {
        h[i] = a[i][8] / a[i][i];
      }
      return h;
    }
  }
}
