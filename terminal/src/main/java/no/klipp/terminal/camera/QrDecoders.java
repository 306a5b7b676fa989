package no.klipp.terminal.camera;

/**
 * The decoder the terminal uses, chosen by the qr-decode benchmark (QrDecodeBench; run it with
 * -Dqr.explore=true to measure every candidate). In the exploration runs, on 320 generated 640x480
 * frames and 61 real photographs in four rotations (x86, 2 shared cores; medians move 10-20 %
 * between runs; the committed benchmark uses 240 generated frames to stay under a minute):
 *
 * <pre>
 * candidate                      decoded  median ms  empty frame ms  photos set-3 / set-5
 * ZXing, hybrid threshold          64 %     1.00        0.99            91 % / 100 %
 * ZXing, global threshold          45 %     0.44        0.38            86 % /  46 %
 * BoofCV, default (baseline)       73 %     1.16-1.36   1.0-1.26        86 % /  63 %
 * BoofCV, fast                     70 %     0.84-0.95   0.52-1.05       86 % /  37 %
 * ZXing hybrid, then BoofCV fast   83 %     1.23-1.26   1.5-2.1         94 % / 100 %
 * tiered (this)                    84 %     0.92-1.20   1.4-1.6         96 % / 100 %
 * </pre>
 *
 * The two libraries fail on different images: ZXing on rotated, tilted, noisy or small codes,
 * BoofCV on glare and uneven light in photographs. ZXing-then-BoofCV decodes what either does but
 * costs more than BoofCV alone, because ZXing's hybrid threshold takes ~1 ms on every frame it
 * fails on; {@link TieredQrDecoder} runs that step last and only where BoofCV saw a position
 * pattern. A zoomed second look at the patterns' region (2x bilinear, ZXing) was tried and gained
 * one photograph in 564 images, so it is not used.
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
