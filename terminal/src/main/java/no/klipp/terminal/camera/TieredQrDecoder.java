package no.klipp.terminal.camera;

import java.util.Objects;
import java.util.Optional;

/**
 * The terminal's QR decoder: three attempts, each only when the ones before found nothing, ordered
 * by cost and chosen by the qr-decode benchmark (figures in the class comment of QrDecoders).
 *
 * <ol>
 *   <li>ZXing with its global-histogram threshold: the cheapest attempt; reads sharp, evenly lit
 *       codes and most phone photographs.
 *   <li>BoofCV's fast detector: reads codes that are rotated, tilted, noisy or dim.
 *   <li>ZXing with its local (hybrid) threshold, for glare and uneven light, but only when BoofCV
 *       saw at least one QR position pattern: on a frame with no code this costly step is skipped.
 * </ol>
 */
public final class TieredQrDecoder implements QrDecoder {

  private final ZxingQrDecoder cheap;
  private final BoofQrDecoder robust;
  private final ZxingQrDecoder local;

  /** The three stages. */
  public TieredQrDecoder(ZxingQrDecoder cheap, BoofQrDecoder robust, ZxingQrDecoder local) {
    this.cheap = Objects.requireNonNull(cheap, "cheap == null");
    this.robust = Objects.requireNonNull(robust, "robust == null");
    this.local = Objects.requireNonNull(local, "local == null");
  }

  @Override
  public Optional<String> decode(LumaFrame frame) {
    Optional<String> text = cheap.decode(frame);
    if (text.isPresent()) {
      return text;
    }
    text = robust.decode(frame);
    if (text.isPresent() || robust.positionPatterns() == 0) {
      return text;
    }
    return local.decode(frame);
  }

  @Override
  public String toString() {
    return cheap + "+" + robust + "+" + local + "(if position patterns seen)";
  }
}
