package no.klipp.terminal.display;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The display's words in every {@link Language}, from the resource bundles
 * {@code no/klipp/terminal/display/i18n/display_*.properties} (UTF-8). A key missing in a
 * language falls back to the English base bundle rather than showing a key to a child.
 */
public final class Messages {

  static final String BUNDLE = "no.klipp.terminal.display.i18n.display";

  private final Map<Language, Map<String, String>> byLanguage = new EnumMap<>(Language.class);

  /** Loads every language's bundle once. */
  public Messages() {
    // No fallback to the JVM's default locale: a Pi set to nb must still show Somali as Somali.
    ResourceBundle.Control control =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    for (Language language : Language.values()) {
      ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, language.locale(), control);
      Map<String, String> words = new TreeMap<>();
      for (String key : bundle.keySet()) {
        words.put(key, bundle.getString(key));
      }
      byLanguage.put(language, Collections.unmodifiableMap(words));
    }
  }

  /** Every key and its words in {@code language}, sorted by key. */
  public Map<String, String> of(Language language) {
    return byLanguage.get(language);
  }
}
