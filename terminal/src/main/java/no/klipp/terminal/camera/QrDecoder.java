package no.klipp.terminal.camera;

import java.util.Optional;

/** Finds and decodes a QR code in a grey image. Implementations are not thread-safe. */
@FunctionalInterface
public interface QrDecoder {

  /** The text of a QR code in {@code frame}, if one is found and decodes. */
  Optional<String> decode(LumaFrame frame);
}
