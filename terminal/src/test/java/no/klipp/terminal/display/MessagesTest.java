package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every language says everything its screens need, with the same placeholders as English. */
class MessagesTest {

  private static final Pattern PLURAL = Pattern.compile("\\.(zero|one|two|few|many|other)$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  /** The CLDR plural forms (integers only) each language needs, beyond which the page falls back to .other. */
  private static final Map<Language, Set<String>> FORMS =
      Map.of(
          Language.NB, Set.of("one", "other"),
          Language.NN, Set.of("one", "other"),
          Language.EN, Set.of("one", "other"),
          Language.AR, Set.of("one", "two", "few", "many", "other"),
          Language.SO, Set.of("one", "other"),
          Language.UK, Set.of("one", "few", "many", "other"),
          Language.PL, Set.of("one", "few", "many", "other"),
          Language.TI, Set.of("one", "other"));

  private final Messages messages = new Messages();

  /** The keys a language's own file defines, without the English fallback. */
  private static Properties own(Language language) throws IOException {
    String name = "/" + Messages.BUNDLE.replace('.', '/') + (language == Language.EN ? "" : "_" + language.tag()) + ".properties";
    Properties properties = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream(name)) {
      assertTrue(in != null, "missing " + name);
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  @Test
  void everyLanguageHasEveryEntranceWordAndStaffLanguagesEveryStaffWord() throws IOException {
    Set<String> english = own(Language.EN).stringPropertyNames();
    for (Language language : Language.values()) {
      Set<String> keys = own(language).stringPropertyNames();
      List<String> missing = new ArrayList<>();
      for (String key : new TreeSet<>(english)) {
        boolean needed = key.startsWith("entrance.") || language.staff();
        if (needed && !PLURAL.matcher(key).find() && !keys.contains(key)) {
          missing.add(key);
        }
      }
      for (String base : pluralBases(english)) {
        if (base.startsWith("entrance.") || language.staff()) {
          for (String form : FORMS.get(language)) {
            if (!keys.contains(base + "." + form)) {
              missing.add(base + "." + form);
            }
          }
        }
      }
      assertEquals(List.of(), missing, language + " lacks");
      Set<String> extra = new TreeSet<>(keys);
      extra.removeIf(key -> english.contains(key) || english.contains(PLURAL.matcher(key).replaceAll(".other")));
      assertEquals(Set.of(), extra, language + " has keys English does not");
    }
  }

  @Test
  void translationsUseOnlyPlaceholdersTheCodeFillsIn() throws IOException {
    Properties english = own(Language.EN);
    for (Language language : Language.values()) {
      Properties words = own(language);
      for (String key : words.stringPropertyNames()) {
        String englishKey = english.containsKey(key) ? key : PLURAL.matcher(key).replaceAll(".other");
        Set<String> allowed = placeholders(english.getProperty(englishKey));
        Set<String> used = placeholders(words.getProperty(key));
        assertTrue(allowed.containsAll(used), language + " " + key + " uses " + used + ", English " + allowed);
      }
    }
  }

  @Test
  void aMissingWordFallsBackToEnglishNotToTheMachinesLocale() {
    // Somali has no staff words: English stands in, whatever the JVM's default locale.
    assertEquals("Valid card", messages.of(Language.SO).get("staff.yes"));
    assertEquals("Soo dhawoow!", messages.of(Language.SO).get("entrance.yes"));
    assertEquals("Gyldig kort", messages.of(Language.NB).get("staff.yes"));
    assertEquals("Gyldig kort", messages.of(Language.NN).get("staff.yes"));
    assertEquals("Kortet gjeld ikkje no", messages.of(Language.NN).get("staff.no"));
  }

  @Test
  void everyRefusalReasonIsWordedWithAnAction() {
    for (VerdictReason reason : VerdictReason.values()) {
      if (reason != VerdictReason.ADMITTED) {
        for (Language language : Language.values()) {
          if (language.staff()) {
            assertTrue(messages.of(language).containsKey("reason." + reason), language + " " + reason);
            assertTrue(messages.of(language).containsKey("reason." + reason + ".action"), language + " " + reason);
          }
        }
      }
    }
    for (DeskRefusal.Reason reason : DeskRefusal.Reason.values()) {
      assertTrue(messages.of(Language.NB).containsKey("desk.refused." + reason), reason.name());
    }
  }

  private static Set<String> pluralBases(Set<String> keys) {
    Set<String> bases = new TreeSet<>();
    for (String key : keys) {
      Matcher matcher = PLURAL.matcher(key);
      if (matcher.find()) {
        bases.add(key.substring(0, matcher.start()));
      }
    }
    return bases;
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
