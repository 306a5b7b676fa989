package no.klipp.terminal.camera;

/**
 * The layout of one planar YUV 4:2:0 (I420) frame as {@code rpicam-vid --codec yuv420} writes it:
 * the Y plane of {@code height} rows of {@code stride} bytes, then the U and V planes, each of
 * {@code (height + 1) / 2} rows of {@code stride / 2} bytes. The camera pads each row to its
 * hardware's alignment, so {@code stride} may exceed {@code width}; 640 needs no padding.
 */
public record YuvFormat(int width, int height, int stride) {

  /** The row alignment of the Raspberry Pi ISP's YUV420 output. */
  public static final int ALIGNMENT = 64;

  public YuvFormat {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("size must be positive and even: " + width + "x" + height);
    }
    if (stride < width || stride % 2 != 0) {
      throw new IllegalArgumentException("stride must be even and >= width: " + stride);
    }
  }

  /** The format with rows padded to {@link #ALIGNMENT}. */
  public static YuvFormat aligned(int width, int height) {
    return new YuvFormat(width, height, (width + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
  }

  /** Bytes in the Y plane. */
  public int lumaBytes() {
    return stride * height;
  }

  /** Bytes in one whole frame. */
  public int frameBytes() {
    return lumaBytes() + 2 * (stride / 2) * ((height + 1) / 2);
  }
}
