package no.klipp.terminal.camera;

/**
 * The decoder the terminal uses, chosen by the qr-decode benchmark (QrDecodeBench, run with
 * -Dqr.explore=true for every candidate). Measured on 320 generated 640x480 frames and 61 real
 * photographs in four rotations (x86, 2 cores): plain ZXing decodes 63 % at a median 1.0 ms per
 * frame, BoofCV (default) 73 % at 1.16 ms, BoofCV (fast) 70 % at 0.84 ms; ZXing wins on the
 * photographs (93 % against 79 %), BoofCV on the generated frames (68-70 % against 36 %). Running
 * ZXing then BoofCV-fast decodes 83 % but at 1.26 ms, because ZXing's hybrid threshold costs ~1 ms
 * on every frame it fails on. The tiered order (see {@link TieredQrDecoder}) decodes 84 % at 0.92 ms.
 */
public final class QrDecoders {

  private QrDecoders() {}

  /** The terminal's decoder. Not thread-safe: one per decoding thread. */
  public static QrDecoder standard() {
    return new TieredQrDecoder(
        new ZxingQrDecoder(ZxingQrDecoder.Threshold.GLOBAL_HISTOGRAM, false),
        BoofQrDecoder.fast(),
        ZxingQrDecoder.plain());
  }
}
