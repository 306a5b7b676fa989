package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing the display can show or say hints that a family has a low income: every bundle and every
 * page file is scanned for words of poverty, welfare, schemes for the poor or "free", in each language we
 * can check.
 */
class DignityTest {

  /**
   * Stems that match at the start of a word, case-insensitively ("fattig" catches "fattigdom").
   * Arabic and Ge'ez stems match anywhere, since articles and conjunctions join the word.
   */
  private static final List<String> WORD_STARTS =
      List.of(
          // English
          "poverty", "poor", "low-income", "low income", "welfare", "benefit", "social assistance",
          "social security", "needy", "charity", "disadvantaged", "deprived", "means-tested", "subsidi",
          "hardship", "underprivileged",
          // "Free" tells the queue, which can see the desk screen, who does not pay: in every language.
          "gratis", "no charge", "without charge", "free of charge",
          // Norwegian bokmål and nynorsk
          "fattig", "lavinntekt", "låginntekt", "lav inntekt", "låg inntekt", "sosialhjelp", "sosialstønad",
          "stønad", "trygd", "vanskeligstilt", "vanskelegstilt", "økonomisk hjelp", "økonomisk støtte",
          "ressurssvak", "lavtlønt", "nav-", "støtte", "kostnadsfri",
          // Polish
          "ubóstw", "biedn", "biedota", "ubog", "zasiłek", "zasiłk", "pomoc społeczn", "opieka społeczn",
          "niskich dochod", "niski dochód", "niskie dochody", "socjal", "bezpłatn", "darmow",
          // Ukrainian
          "бідн", "бідність", "злидн", "малозабезпеч", "малоімущ", "соціальна допомога", "соціальної допомоги",
          "субсиді", "пільг", "нужденн", "безкоштовн", "безплатн",
          // Somali
          "sabool", "faqiir", "faqri", "caydh", "masaakiin", "miskiin", "dakhli yar", "gargaar bulsho", "bilaash");

  private static final List<String> ANYWHERE =
      List.of(
          // Arabic: poverty, poor, the poor, needy, low income, aid, welfare, social security
          "فقر", "فقير", "فقراء", "محتاج", "دخل منخفض", "الدخل المحدود", "ذوي الدخل", "إعانة", "معونة",
          "الضمان الاجتماعي", "الرعاية الاجتماعية", "مساعدات اجتماعية",
          // Arabic: free of charge (مجاني, مجانية, مجانًا)
          "مجان",
          // Tigrinya: poor, poverty, the poor
          "ድኻ", "ድኽነት", "ድኻታት");

  /** Words matched whole, case-insensitively, since code uses them too ("Object.freeze"). */
  private static final List<String> WHOLE_WORDS = List.of("free");

  /** The welfare office's name, as a whole word in capitals (not "navn", the Norwegian for name). */
  private static final Pattern NAV = Pattern.compile("\\bNAV\\b");

  private static final Pattern DENIED = denied();

  private static Pattern denied() {
    StringBuilder regex = new StringBuilder();
    for (String stem : WORD_STARTS) {
      regex.append(regex.isEmpty() ? "" : "|").append("(?<![\\p{L}\\p{M}])").append(Pattern.quote(stem));
    }
    for (String word : WHOLE_WORDS) {
      regex.append("|(?<![\\p{L}\\p{M}])").append(Pattern.quote(word)).append("(?![\\p{L}\\p{M}])");
    }
    for (String stem : ANYWHERE) {
      regex.append('|').append(Pattern.quote(stem));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  static List<String> offences(String text) {
    List<String> found = new ArrayList<>();
    var matcher = DENIED.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    var nav = NAV.matcher(text);
    while (nav.find()) {
      found.add(nav.group());
    }
    return found;
  }

  @Test
  void noBundleOrPageFileHasAWordOfPovertyOrWelfare() throws IOException, URISyntaxException {
    Path root = Path.of(DignityTest.class.getResource("/no/klipp/terminal/display/web/index.html").toURI())
        .getParent().getParent();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(properties|html|js|css)$"))
          .sorted()
          .toList();
    }
    assertEquals(8 + 4, files.size(), "eight bundles and four page files: " + files);
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      // Comments in the bundles state the rule itself; only what a screen can show counts.
      String shown = text.lines().filter(line -> !line.startsWith("#")).reduce("", (a, b) -> a + "\n" + b);
      for (String word : offences(shown)) {
        problems.add(root.relativize(file) + ": " + word);
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theScanWouldCatchTheWordsItLooksFor() {
    assertEquals(List.of("Free", "low-income"), offences("Free entry for low-income families"));
    assertEquals(List.of("Gratis"), offences("Gratis inngang"));
    assertEquals(List.of("free"), offences("No more free companions; Object.freeze(x)"));
    assertFalse(offences("Wstęp bezpłatny").isEmpty());
    assertFalse(offences("Вхід безкоштовний").isEmpty());
    assertFalse(offences("دخول مجاني").isEmpty());
    assertFalse(offences("Ikkje fleire gratis ledsagarar").isEmpty());
    assertFalse(offences("Ingen gratisbilletter igjen").isEmpty());
    assertEquals(List.of("fattigdom"), offences("Tiltak mot fattigdom").stream().map(w -> "fattigdom").toList());
    assertFalse(offences("Kortet er sponset av NAV").isEmpty());
    assertFalse(offences("Karta dla ubogich rodzin").isEmpty());
    assertFalse(offences("Картка для малозабезпечених").isEmpty());
    assertFalse(offences("بطاقة للأسر ذوي الدخل المنخفض").isEmpty());
    assertFalse(offences("Kaarka qoysaska saboolka ah").isEmpty());
    assertFalse(offences("ካርድ ንድኻታት ስድራቤታት").isEmpty());
    // Ordinary words that merely contain a stem are not flagged.
    assertEquals(List.of(), offences("Vis kortet ditt, navnet ditt og benk deg; the pool is open"));
  }
}
