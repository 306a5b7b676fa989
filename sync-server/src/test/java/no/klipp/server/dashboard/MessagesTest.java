package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Both languages say everything, and neither says why a child holds a card. */
class MessagesTest {

  private static Properties load(String language) throws IOException {
    Properties p = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/no/klipp/server/dashboard/messages_" + language
        + ".properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void bokmalAndEnglishHaveTheSameKeys() throws IOException {
    assertEquals(new TreeSet<>(load("nb").stringPropertyNames()), new TreeSet<>(load("en").stringPropertyNames()));
  }

  @Test
  void noWordSaysWhyAChildHoldsACard() throws IOException {
    List<String> never = List.of("fattig", "lavinntekt", "inntekt", "sosial", "stønad", "trygd", "nav\\b", "poverty",
        "poor", "income", "welfare", "benefit", "needy", "disadvantaged", "vanskeligstilt");
    for (String language : List.of("nb", "en")) {
      Properties p = load(language);
      for (String key : p.stringPropertyNames()) {
        String text = p.getProperty(key).toLowerCase(Locale.ROOT);
        for (String word : never) {
          assertFalse(text.matches(".*\\b" + word + ".*"), language + " " + key + " says '" + word + "': " + text);
        }
      }
    }
  }

  @Test
  void unknownLanguagesFallBackToBokmal() {
    assertEquals("Logg inn", Messages.of("de").t("login.title"));
    assertEquals("Sign in", Messages.of("en").t("login.title"));
    assertEquals("Statistikk 2026-01 til 2026-03", Messages.of("nb").f("stats.title", "2026-01", "2026-03"));
  }
}
