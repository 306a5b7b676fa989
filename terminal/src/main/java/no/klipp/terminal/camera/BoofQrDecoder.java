package no.klipp.terminal.camera;

import boofcv.abst.fiducial.QrCodePreciseDetector;
import boofcv.alg.fiducial.qrcode.QrCode;
import boofcv.factory.fiducial.ConfigQrCode;
import boofcv.factory.fiducial.FactoryFiducial;
import boofcv.struct.image.GrayU8;
import java.util.Optional;

/** BoofCV's QR detector on the luminance plane, wrapped in place. */
public final class BoofQrDecoder implements QrDecoder {

  private final QrCodePreciseDetector<GrayU8> detector;
  private final String name;
  private final GrayU8 image = new GrayU8(1, 1);

  private BoofQrDecoder(ConfigQrCode config, String name) {
    this.detector = FactoryFiducial.qrcode(config, GrayU8.class);
    this.name = name;
  }

  /** BoofCV's default configuration. */
  public static BoofQrDecoder standard() {
    return new BoofQrDecoder(new ConfigQrCode(), "boofcv-default");
  }

  /** BoofCV's fast configuration (global threshold, fewer candidates). */
  public static BoofQrDecoder fast() {
    return new BoofQrDecoder(ConfigQrCode.fast(), "boofcv-fast");
  }

  @Override
  public Optional<String> decode(LumaFrame frame) {
    // GrayU8 honours stride and start index, so the camera's padded rows need no copy.
    image.data = frame.data();
    image.width = frame.width();
    image.height = frame.height();
    image.stride = frame.stride();
    image.startIndex = 0;
    try {
      detector.process(image);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    for (QrCode qr : detector.getDetections()) {
      if (qr.message != null && !qr.message.isEmpty()) {
        return Optional.of(qr.message);
      }
    }
    return Optional.empty();
  }

  /** How many QR position patterns (the three corner squares) the last frame showed. */
  public int positionPatterns() {
    return detector.getDetectPositionPatterns().getPositionPatterns().size;
  }

  @Override
  public String toString() {
    return name;
  }
}
