package no.klipp.terminal.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrDecodersTest {

  private final QrDecoder decoder = QrDecoders.standard();

  @Test
  void decodesCredentialCodesInGeneratedFramesOfEveryKind() {
    List<QrSample> samples = QrScenes.generate(7, 2, QrScenes.WIDTH);
    int decoded = 0;
    int withCode = 0;
    for (QrSample s : samples) {
      Optional<String> text = decoder.decode(s.frame());
      if (s.hasCode()) {
        withCode++;
        decoded += text.filter(s.expected()::equals).isPresent() ? 1 : 0;
      } else {
        assertEquals(Optional.empty(), text, s.name());
      }
      if (s.group().endsWith("clean") || s.group().endsWith("perspective")) {
        assertEquals(Optional.of(s.expected()), text, s.name());
      }
    }
    assertTrue(decoded >= withCode * 6 / 10, decoded + " of " + withCode);
  }

  @Test
  void paddedRowsAreRead() {
    Random random = new Random(3);
    String text = no.klipp.terminal.testing.Credentials.qrText(77);
    LumaFrame padded = QrScenes.render(QrScenes.Kind.CLEAN, text, random, 704);
    assertEquals(704, padded.stride());
    assertEquals(Optional.of(text), decoder.decode(padded));
    assertEquals(Optional.of(text), BoofQrDecoder.standard().decode(padded));
    assertEquals(Optional.of(text), ZxingQrDecoder.plain().decode(padded));
  }

  @Test
  void photographsDecodeAtLeastAsWellAsEitherLibraryAlone() {
    Optional<Path> dir = QrPhotos.directory();
    assumeTrue(dir.isPresent(), "../shared/testdata/qr-photos not found: photo test skipped");
    List<QrSample> photos = QrPhotos.load(dir.get(), "set-5");
    assertEquals(76, photos.size(), "19 photos in four rotations");
    int ours = count(decoder, photos);
    int zxing = count(ZxingQrDecoder.plain(), photos);
    int boof = count(BoofQrDecoder.standard(), photos);
    assertTrue(ours >= zxing && ours >= boof, "ours " + ours + ", zxing " + zxing + ", boofcv " + boof);
  }

  private static int count(QrDecoder decoder, List<QrSample> samples) {
    int n = 0;
    for (QrSample s : samples) {
      n += decoder.decode(s.frame()).filter(s.expected()::equals).isPresent() ? 1 : 0;
    }
    return n;
  }
}
