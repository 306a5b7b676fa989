package no.klipp.terminal.camera;

import java.util.Objects;

/**
 * The luminance (Y) plane of one camera frame: {@code height} rows of {@code width} bytes, each
 * row starting {@code stride} bytes after the previous one (the camera pads rows to its alignment).
 * The array is shared, not copied: a frame is only valid until its buffer is reused.
 */
public record LumaFrame(byte[] data, int width, int height, int stride) {

  public LumaFrame {
    Objects.requireNonNull(data, "data == null");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size not positive: " + width + "x" + height);
    }
    if (stride < width) {
      throw new IllegalArgumentException("stride < width: " + stride + " < " + width);
    }
    if ((long) stride * (height - 1) + width > data.length) {
      throw new IllegalArgumentException(
          "data too short for " + width + "x" + height + " stride " + stride + ": " + data.length);
    }
  }

  /** A tightly packed frame (stride = width). */
  public static LumaFrame packed(byte[] data, int width, int height) {
    return new LumaFrame(data, width, height, width);
  }

  /** The luminance at column {@code x}, row {@code y}, 0..255. */
  public int at(int x, int y) {
    return data[y * stride + x] & 0xFF;
  }
}
