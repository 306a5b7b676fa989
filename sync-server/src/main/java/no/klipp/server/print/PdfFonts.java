package no.klipp.server.print;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The fonts our PDFs (cards, refund statements) embed: DejaVu Sans Condensed and DejaVu Sans Mono,
 * bundled (Bitstream Vera licence, beside them), so the names of Sami municipalities (Kárášjohka,
 * Guovdageaidnu), venues and schemes print as written on any machine. Subsets are embedded: only
 * the glyphs a document uses.
 */
public record PdfFonts(PDFont regular, PDFont bold, PDFont mono) {

  /** Loads the fonts into {@code doc}; fonts belong to one document. */
  public static PdfFonts of(PDDocument doc) {
    return new PdfFonts(load(doc, "DejaVuSansCondensed.ttf"), load(doc, "DejaVuSansCondensed-Bold.ttf"),
        load(doc, "DejaVuSansMono-Bold.ttf"));
  }

  private static PDFont load(PDDocument doc, String file) {
    try (InputStream in = PdfFonts.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("font " + file + " is missing from the server's resources");
      }
      return PDType0Font.load(doc, in, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load font " + file, e);
    }
  }

  /** The text with any character {@code font} has no glyph for replaced by '?', so printing never fails. */
  public static String printable(PDFont font, String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      String ch = Character.isISOControl(cp) ? " " : new String(Character.toChars(cp));
      try {
        font.encode(ch);
        sb.append(ch);
      } catch (IOException | IllegalArgumentException e) {
        sb.append('?');
      }
    });
    return sb.toString();
  }

  /** The width of {@code text} in points at {@code size}. */
  public static float width(PDFont font, String text, float size) {
    try {
      return font.getStringWidth(printable(font, text)) / 1000 * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
