package no.klipp.terminal.camera;

import com.google.zxing.Binarizer;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** ZXing's QR reader on the luminance plane, read in place (no copy, no colour conversion). */
public final class ZxingQrDecoder implements QrDecoder {

  /** How ZXing turns grey into black and white. */
  public enum Threshold {
    /** Local thresholds per 8x8 block: copes with uneven light and glare. */
    HYBRID(HybridBinarizer::new),
    /** One threshold per row from the histogram: cheaper, and better on blurred codes. */
    GLOBAL_HISTOGRAM(GlobalHistogramBinarizer::new);

    private final Function<LuminanceSource, Binarizer> binarizer;

    Threshold(Function<LuminanceSource, Binarizer> binarizer) {
      this.binarizer = binarizer;
    }
  }

  private final QRCodeReader reader = new QRCodeReader();
  private final Threshold threshold;
  private final Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);

  /** A decoder with the given threshold; {@code tryHarder} scans every row for finder patterns. */
  public ZxingQrDecoder(Threshold threshold, boolean tryHarder) {
    this.threshold = threshold;
    if (tryHarder) {
      hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    }
  }

  /** Plain ZXing: hybrid binarizer, default effort. */
  public static ZxingQrDecoder plain() {
    return new ZxingQrDecoder(Threshold.HYBRID, false);
  }

  @Override
  public Optional<String> decode(LumaFrame frame) {
    LuminanceSource source =
        new PlanarYUVLuminanceSource(
            frame.data(), frame.stride(), frame.height(), 0, 0, frame.width(), frame.height(), false);
    try {
      return Optional.of(reader.decode(new BinaryBitmap(threshold.binarizer.apply(source)), hints).getText());
    } catch (ReaderException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      // Not found, or found but unreadable; ZXing has thrown runtime exceptions on odd images.
      return Optional.empty();
    } finally {
      reader.reset();
    }
  }

  @Override
  public String toString() {
    return "zxing-" + threshold.name().toLowerCase(java.util.Locale.ROOT) + (hints.isEmpty() ? "" : "-tryharder");
  }
}
