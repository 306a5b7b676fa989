package no.klipp.server.card;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.card.ParseResult;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Printed cards scan back to a valid credential, are ID-1 sized, and say nothing about why a child holds one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardPrintingTest {

  static final List<String> NEVER_ON_A_CARD = List.of("poverty", "welfare", "low-income", "low income", "nav",
      "fattig", "lavinntekt", "sosial", "betalt", "paid", "gratis", "free", "ada");

  TestServer ts;
  World w;
  Client c;
  CredentialCodec codec;

  @BeforeAll
  void setUp() {
    System.setProperty("java.awt.headless", "true");
    ts = new TestServer(Dialect.SQLITE);
    w = new World(ts, "Opplevelseskortet Ålesund");
    c = ts.client;
    JsonNode key = ok(c.get("/api/v1/schemes/" + w.scheme.id() + "/keys", w.admin), 200).get(0);
    codec = new CredentialCodec(IssuerKeyring.of(IssuerKeyring.Entry.ofBase64(w.scheme.id(), key.get("keyId").asInt(),
        key.get("publicKey").asText())));
  }

  @AfterAll
  void tearDown() {
    ts.close();
  }

  /** The QR code of a card PDF's first page, rendered at 300 dpi (see {@link #decode}). */
  String decodePdf(PDDocument doc) throws Exception {
    return decode(new PDFRenderer(doc).renderImageWithDPI(0, 300));
  }

  /**
   * The QR code of a card image: found by ZXing's detector, or, when the detector fails, read from
   * where the card puts the code (34 mm square, 3 mm from the bottom right). On a clean synthetic
   * image ZXing's finder-pattern detector now and then takes data modules for a finder pattern and
   * gives up (a checksum, format or not-found error), for about one credential in fifty, at every
   * resolution; the same modules read in place decode, and a terminal's reader does not depend on
   * that detector alone. A wrong text is never accepted: the caller compares it.
   */
  String decode(BufferedImage image) throws Exception {
    try {
      BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true)).getText();
    } catch (com.google.zxing.ReaderException detectorGaveUp) {
      double pxPerMm = image.getWidth() / 85.6;
      int side = (int) Math.round(34 * pxPerMm);
      int x = image.getWidth() - (int) Math.round(3 * pxPerMm) - side;
      int y = image.getHeight() - (int) Math.round(3 * pxPerMm) - side;
      BufferedImage code = image.getSubimage(x, y, side, side);
      BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(code)));
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
    }
  }

  void assertScansAs(String text, String cardNumber) {
    ParseResult.Valid valid = (ParseResult.Valid) codec.parseQr(text);
    assertEquals(cardNumber, valid.credential().cardNumber().digits());
  }

  @Test
  void pngIsId1At300DpiAndItsQrScansToTheCard() throws Exception {
    Client.Response r = c.get("/api/v1/cards/" + w.cards.getFirst() + "/card.png", w.admin);
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").startsWith("image/png"));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertEquals(1011, image.getWidth());
    assertEquals(638, image.getHeight());
    assertScansAs(decode(image), w.cards.getFirst());
  }

  @Test
  void pdfIsId1SizedShowsNumberValidityAndSchemeAndNothingElse() throws Exception {
    Client.Response r = c.get("/api/v1/cards/" + w.cards.get(1) + "/card.pdf", w.admin);
    assertEquals(200, r.status());
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      PDRectangle box = doc.getPage(0).getMediaBox();
      assertEquals(85.6, box.getWidth() / 72 * 25.4, 0.1);
      assertEquals(54.0, box.getHeight() / 72 * 25.4, 0.1);
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains(new CardNumber(w.cards.get(1)).formatted()), text);
      assertTrue(text.contains("Opplevelseskortet Ålesund"), text);
      assertTrue(text.contains("Gyldig") && text.contains("02.03.2026"), text);
      String lower = text.toLowerCase(Locale.ROOT);
      for (String word : NEVER_ON_A_CARD) {
        assertFalse(lower.contains(word), "card face shows '" + word + "': " + text);
      }
      assertScansAs(decodePdf(doc), w.cards.get(1));
    }
  }

  @Test
  void samiNamesPrintAsWrittenAndALongNameIsFittedToTheCard() throws Exception {
    World sami = new World(ts, "Kárášjoga gielda");
    try (PDDocument doc = Loader.loadPDF(c.get("/api/v1/cards/" + sami.cards.getFirst() + "/card.pdf", sami.admin).body())) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("Kárášjoga gielda"), text);
      assertEquals(credential(sami), decodePdf(doc));
    }
    String longName = "Opplevelseskortet for Guovdageaidnu suohkan, Kárášjoga gielda og Deatnu gielda";
    World region = new World(ts, longName);
    try (PDDocument doc = Loader.loadPDF(c.get("/api/v1/cards/" + region.cards.getFirst() + "/card.pdf", region.admin)
        .body())) {
      String first = new PDFTextStripper().getText(doc).lines().findFirst().orElseThrow();
      assertTrue(first.endsWith("…") && longName.startsWith(first.substring(0, first.length() - 1).strip()), first);
      assertTrue(first.length() > 40, "shrunk before it is shortened: " + first);
      assertEquals(credential(region), decodePdf(doc));
      BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 300);
      java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
      ImageIO.write(page, "png", java.nio.file.Path.of("target/screenshots/card-long-scheme-name.png").toFile());
    }
  }

  private String credential(World world) {
    return ok(c.get("/api/v1/cards/" + world.cards.getFirst(), world.admin), 200).get("credential").asText();
  }

  @Test
  void paidAndFreeCardsPrintAlike() throws Exception {
    ok(c.put("/api/v1/cards/" + w.cards.get(2) + "/paid", w.admin, Map.of("paid", true)), 200);
    try (PDDocument paid = Loader.loadPDF(c.get("/api/v1/cards/" + w.cards.get(2) + "/card.pdf", w.admin).body());
        PDDocument free = Loader.loadPDF(c.get("/api/v1/cards/" + w.cards.get(0) + "/card.pdf", w.admin).body())) {
      String a = new PDFTextStripper().getText(paid).replace(new CardNumber(w.cards.get(2)).formatted(), "#");
      String b = new PDFTextStripper().getText(free).replace(new CardNumber(w.cards.get(0)).formatted(), "#");
      assertEquals(b, a);
    }
  }

  @Test
  void printSheetPutsTenCardsOnEachA4Page() throws Exception {
    List<Map<String, Object>> requests = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      requests.add(Map.of("firstName", "Barn" + i, "birthYear", 2014));
    }
    JsonNode issued = ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/cards/batch", w.admin,
        Map.of("cards", requests)), 201);
    List<String> numbers = new ArrayList<>(w.cards);
    issued.forEach(n -> numbers.add(n.get("card").get("cardNumber").asText()));
    Client.Response r = c.post("/api/v1/schemes/" + w.scheme.id() + "/cards/print-sheet", w.admin,
        Map.of("cardNumbers", numbers));
    assertEquals(200, r.status(), r.toString());
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      assertEquals(2, doc.getNumberOfPages());
      assertEquals(PDRectangle.A4.getWidth(), doc.getPage(0).getMediaBox().getWidth(), 0.5);
      String text = new PDFTextStripper().getText(doc);
      for (String n : numbers) {
        assertTrue(text.contains(new CardNumber(n).formatted()), n);
      }
    }
  }
}
