package no.klipp.server.dashboard;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The dashboard's words in one language (resource bundles {@code messages_nb}, {@code messages_en}). */
final class Messages {

  /** The languages the dashboard speaks; the first is the default. */
  static final List<String> LANGUAGES = List.of("nb", "en");

  private final String language;
  private final ResourceBundle bundle;

  private Messages(String language) {
    this.language = language;
    this.bundle = ResourceBundle.getBundle("no.klipp.server.dashboard.messages", Locale.forLanguageTag(language),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static final Messages NB = new Messages("nb");
  private static final Messages EN = new Messages("en");

  /** The messages of {@code language}, Norwegian bokmål for anything unknown. */
  static Messages of(String language) {
    return "en".equals(language) ? EN : NB;
  }

  String language() {
    return language;
  }

  /** The text of {@code key}; the key itself if missing, so a gap shows instead of failing. */
  String t(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  /** The text of {@code key} with {@code args} filled in. */
  String f(String key, Object... args) {
    return new MessageFormat(t(key), Locale.forLanguageTag(language)).format(args);
  }

  /** The decimal mark of the language. */
  char decimal() {
    return "en".equals(language) ? '.' : ',';
  }
}
