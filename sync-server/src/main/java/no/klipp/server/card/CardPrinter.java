package no.klipp.server.card;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import no.klipp.server.print.PdfFonts;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;

/**
 * Printable cards at ID-1 size (85.6 × 54 mm): a PNG at 300 dpi, a one-card PDF, and an A4 print
 * sheet of ten cards per page with thin cut marks.
 */
public final class CardPrinter {

  /** ID-1 width in millimetres. */
  public static final double WIDTH_MM = 85.6;
  /** ID-1 height in millimetres. */
  public static final double HEIGHT_MM = 54.0;
  private static final float PT_PER_MM = 72f / 25.4f;
  private static final int DPI = 300;
  /** The QR code's side: bottom right, clear of the text on the left and the name on top. */
  private static final float QR_MM = 34f;

  /** The card as a PNG at 300 dpi (1011 × 638 pixels). */
  public byte[] png(CardFace face) {
    int w = (int) Math.round(WIDTH_MM / 25.4 * DPI);
    int h = (int) Math.round(HEIGHT_MM / 25.4 * DPI);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      double px = DPI / 25.4;
      BitMatrix qr = qr(face.qrText());
      double qrSize = QR_MM * px;
      double module = qrSize / qr.getWidth();
      int qrX = (int) (w - 3 * px - qrSize);
      int qrY = (int) (h - 3 * px - qrSize);
      g.setColor(Color.BLACK);
      for (int y = 0; y < qr.getHeight(); y++) {
        for (int x = 0; x < qr.getWidth(); x++) {
          if (qr.get(x, y)) {
            g.fillRect(qrX + (int) Math.floor(x * module), qrY + (int) Math.floor(y * module),
                (int) Math.ceil(module), (int) Math.ceil(module));
          }
        }
      }
      int left = (int) (5 * px);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) (4.2 * px)));
      g.drawString(fit(face.schemeName(), 30), left, (int) (10 * px));
      g.setFont(new Font(Font.MONOSPACED, Font.BOLD, (int) (4.4 * px)));
      g.drawString(face.cardNumber(), left, (int) (30 * px));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) (2.6 * px)));
      g.drawString(CardFace.VALID_LABEL, left, (int) (42 * px));
      g.drawString(face.validity(), left, (int) (46 * px));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One card per page at ID-1 size. */
  public byte[] pdf(CardFace face) {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(new PDRectangle((float) WIDTH_MM * PT_PER_MM, (float) HEIGHT_MM * PT_PER_MM));
      doc.addPage(page);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        drawCard(doc, PdfFonts.of(doc), s, face, 0, 0);
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An A4 sheet (several pages if needed) of cards, two across and five down, with cut lines. */
  public byte[] sheet(List<CardFace> faces) {
    float cw = (float) WIDTH_MM * PT_PER_MM;
    float ch = (float) HEIGHT_MM * PT_PER_MM;
    float marginX = (PDRectangle.A4.getWidth() - 2 * cw) / 2;
    float marginY = (PDRectangle.A4.getHeight() - 5 * ch) / 2;
    try (PDDocument doc = new PDDocument()) {
      PdfFonts fonts = PdfFonts.of(doc);
      for (int first = 0; first < faces.size(); first += 10) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
          for (int i = first; i < Math.min(faces.size(), first + 10); i++) {
            int slot = i - first;
            float x = marginX + (slot % 2) * cw;
            float y = PDRectangle.A4.getHeight() - marginY - (slot / 2 + 1) * ch;
            s.setStrokingColor(0.8f);
            s.setLineWidth(0.3f);
            s.addRect(x, y, cw, ch);
            s.stroke();
            drawCard(doc, fonts, s, faces.get(i), x, y);
          }
        }
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drawCard(PDDocument doc, PdfFonts fonts, PDPageContentStream s, CardFace face, float x0, float y0)
      throws IOException {
    float mm = PT_PER_MM;
    float height = (float) HEIGHT_MM * mm;
    BitMatrix qr = qr(face.qrText());
    float qrSize = QR_MM * mm;
    float qrX = x0 + (float) WIDTH_MM * mm - 3 * mm - qrSize;
    float qrY = y0 + 3 * mm;
    // A lossless image of 8 pixels per module: vector squares leave hairline seams in some renderers.
    int scale = 8;
    BufferedImage image = new BufferedImage(qr.getWidth() * scale, qr.getHeight() * scale,
        BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, qr.get(x / scale, y / scale) ? 0xff000000 : 0xffffffff);
      }
    }
    s.drawImage(LosslessFactory.createFromImage(doc, image), qrX, qrY, qrSize, qrSize);
    s.setNonStrokingColor(0f);
    // The scheme's name across the card's top, between the margins.
    Fitted name = fitted(fonts.bold(), 12, (float) (WIDTH_MM - 10) * mm, face.schemeName());
    text(s, fonts.bold(), name.size(), x0 + 5 * mm, y0 + height - 10 * mm, name.text());
    text(s, fonts.mono(), 12.5f, x0 + 5 * mm, y0 + height - 30 * mm, face.cardNumber());
    text(s, fonts.regular(), 7.5f, x0 + 5 * mm, y0 + height - 42 * mm, CardFace.VALID_LABEL);
    text(s, fonts.regular(), 7.5f, x0 + 5 * mm, y0 + height - 46 * mm, face.validity());
  }

  private static void text(PDPageContentStream s, PDFont font, float size, float x, float y, String text)
      throws IOException {
    s.beginText();
    s.setFont(font, size);
    s.newLineAtOffset(x, y);
    s.showText(PdfFonts.printable(font, text));
    s.endText();
  }

  /**
   * The size, at most {@code size} and at least 70 % of it, at which {@code text} fits {@code width}
   * points, and the text itself, shortened with an ellipsis if even the smallest size is too wide.
   */
  private static Fitted fitted(PDFont font, float size, float width, String text) {
    float wide = PdfFonts.width(font, text, size);
    if (wide <= width) {
      return new Fitted(text, size);
    }
    float smallest = size * 0.7f;
    float scaled = size * width / wide;
    if (scaled >= smallest) {
      return new Fitted(text, scaled);
    }
    String shorter = text;
    while (shorter.length() > 1 && PdfFonts.width(font, shorter + "…", smallest) > width) {
      shorter = shorter.substring(0, shorter.offsetByCodePoints(shorter.length(), -1)).stripTrailing();
    }
    // No comma or stop before the ellipsis.
    return new Fitted(shorter.replaceAll("[\\s,;:.–-]+$", "") + "…", smallest);
  }

  private record Fitted(String text, float size) {}

  private static String fit(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static BitMatrix qr(String text) {
    try {
      return new QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
    } catch (WriterException e) {
      throw new IllegalArgumentException("credential does not fit a QR code", e);
    }
  }

  private static byte[] save(PDDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }
}
