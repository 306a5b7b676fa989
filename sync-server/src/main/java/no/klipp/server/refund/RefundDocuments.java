package no.klipp.server.refund;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import no.klipp.server.stats.Csv;
import no.klipp.server.print.PdfFonts;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * A refund statement as CSV (one line per offer and terms, totals last) and as an A4 PDF for
 * invoicing. An offer whose terms changed in the period has a line per terms, naming its dates.
 */
public final class RefundDocuments {

  private RefundDocuments() {}

  /** Column headings' message keys, in order. */
  public static final List<String> COLUMNS = List.of("refund.venue", "refund.offer", "refund.price", "refund.share",
      "refund.visits", "refund.companions", "refund.companionsRefunded", "refund.amount");

  /** The CSV; {@code text} turns message keys into words. */
  public static byte[] csv(Refunds r, Function<String, String> text) {
    Csv csv = new Csv();
    csv.row(COLUMNS.stream().map(text).toList());
    for (RefundLine l : r.lines()) {
      csv.row(List.of(l.venueName(), r.offer(l), Refunds.kroner(l.priceOre()), l.refundPercent() + "",
          l.visits() + "", l.companions() + "", l.refundedCompanions() + "", Refunds.kroner(l.amountOre())));
    }
    csv.row(List.of(text.apply("row.total"), "", "", "", r.visits() + "",
        r.lines().stream().mapToLong(RefundLine::companions).sum() + "", r.refundedCompanions() + "",
        Refunds.kroner(r.amountOre())));
    return csv.bytes();
  }

  /** The PDF: per venue its offers and subtotal, then the grand total. */
  public static byte[] pdf(Refunds r, String schemeName, Function<String, String> text) {
    return pdf(r, List.of(), schemeName, text);
  }

  /**
   * The PDF, and after the total, when any of {@code months} (a venue's months of the statement) has
   * a payment recorded, each month's refund, what was paid and what is still owed: an invoice for
   * visits uploaded after a payment asks for the difference only.
   */
  public static byte[] pdf(Refunds r, List<RefundPayments.Month> months, String schemeName,
      Function<String, String> text) {
    Map<String, List<RefundLine>> byVenue = new LinkedHashMap<>();
    for (RefundLine l : r.lines()) {
      byVenue.computeIfAbsent(l.venueName(), k -> new ArrayList<>()).add(l);
    }
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Writer w = new Writer(doc);
      w.line(schemeName, 16, true);
      w.line(text.apply("refund.title") + " " + r.from() + " – " + r.to(), 12, false);
      w.gap();
      for (Map.Entry<String, List<RefundLine>> e : byVenue.entrySet()) {
        w.line(e.getKey(), 12, true);
        long sum = 0;
        for (RefundLine l : e.getValue()) {
          w.row(l.offerName(), l.visits() + " × " + Refunds.kroner(l.priceOre()) + " × " + l.refundPercent() + " %"
              + (l.refundedCompanions() > 0 ? "  + " + l.refundedCompanions() + " " + text.apply("refund.companionsShort") : ""),
              Refunds.kroner(l.amountOre()));
          if (l.dated()) {
            // Under the offer's name, not beside it: a long name and the dates would run into the figures.
            w.row("  " + l.from() + " – " + l.to(), "", "");
          }
          sum += l.amountOre();
        }
        w.row(text.apply("row.total"), "", Refunds.kroner(sum));
        w.gap();
      }
      w.line(text.apply("refund.grandTotal") + ": " + Refunds.kroner(r.amountOre()) + " kr  (" + r.visits() + " "
          + text.apply("refund.visits").toLowerCase(Locale.ROOT) + ")", 12, true);
      if (r.targetedByMonth()) {
        w.gap();
        w.paragraph(text.apply("refund.byMonth"), 9);
      }
      if (months.stream().anyMatch(m -> !m.payments().isEmpty())) {
        w.gap();
        w.line(text.apply("refund.payments"), 12, true);
        for (RefundPayments.Month m : months) {
          w.row(m.month() + "  " + m.venueName(), Refunds.kroner(m.amountOre()) + " − " + Refunds.kroner(m.paidOre())
              + " " + text.apply("refund.paidShort"), Refunds.kroner(m.outstandingOre()));
        }
        w.line(text.apply("refund.owedTotal") + ": " + Refunds.kroner(months.stream()
            .mapToLong(RefundPayments.Month::outstandingOre).sum()) + " kr", 12, true);
      }
      w.close();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes lines down A4 pages, starting a new page when one is full. */
  private static final class Writer {
    private static final float MARGIN = 56;
    private final PDDocument doc;
    private final PDFont regular;
    private final PDFont bold;
    private PDPageContentStream stream;
    private float y;

    Writer(PDDocument doc) throws IOException {
      this.doc = doc;
      PdfFonts fonts = PdfFonts.of(doc);
      this.regular = fonts.regular();
      this.bold = fonts.bold();
      page();
    }

    private void page() throws IOException {
      if (stream != null) {
        stream.close();
      }
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      stream = new PDPageContentStream(doc, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    void line(String s, float size, boolean strong) throws IOException {
      text(s, MARGIN, size, strong ? bold : regular);
      y -= size + 6;
    }

    /** Text broken into lines at spaces so that each fits between the margins. */
    void paragraph(String s, float size) throws IOException {
      float room = PDRectangle.A4.getWidth() - 2 * MARGIN;
      StringBuilder current = new StringBuilder();
      for (String word : s.split(" ")) {
        String tried = current.isEmpty() ? word : current + " " + word;
        if (!current.isEmpty() && PdfFonts.width(regular, tried, size) > room) {
          line(current.toString(), size, false);
          current.setLength(0);
          current.append(word);
        } else {
          current.setLength(0);
          current.append(tried);
        }
      }
      if (!current.isEmpty()) {
        line(current.toString(), size, false);
      }
    }

    void row(String left, String middle, String right) throws IOException {
      text(left, MARGIN + 12, 10, regular);
      text(middle, MARGIN + 200, 10, regular);
      float width = PdfFonts.width(regular, right, 10);
      text(right, PDRectangle.A4.getWidth() - MARGIN - width, 10, regular);
      y -= 15;
    }

    void gap() {
      y -= 8;
    }

    private void text(String s, float x, float size, PDFont font) throws IOException {
      if (y < MARGIN) {
        page();
      }
      stream.beginText();
      stream.setFont(font, size);
      stream.newLineAtOffset(x, y);
      stream.showText(PdfFonts.printable(font, s));
      stream.endText();
    }

    void close() throws IOException {
      stream.close();
    }
  }
}
