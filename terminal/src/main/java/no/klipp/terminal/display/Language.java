package no.klipp.terminal.display;

import java.util.Locale;
import java.util.Optional;

/** A language the display speaks, with its BCP 47 tag, its own name for itself and its direction. */
public enum Language {
  NB("nb", "Norsk bokmål", false, true),
  NN("nn", "Norsk nynorsk", false, true),
  EN("en", "English", false, true),
  AR("ar", "العربية", true, true),
  SO("so", "Soomaali", false, false),
  UK("uk", "Українська", false, true),
  PL("pl", "Polski", false, true),
  TI("ti", "ትግርኛ", false, false);

  private final String tag;
  private final String nativeName;
  private final boolean rightToLeft;
  private final boolean staff;

  Language(String tag, String nativeName, boolean rightToLeft, boolean staff) {
    this.tag = tag;
    this.nativeName = nativeName;
    this.rightToLeft = rightToLeft;
    this.staff = staff;
  }

  /** The BCP 47 tag, e.g. {@code nb}; used in URLs, {@code lang} attributes and bundle names. */
  public String tag() {
    return tag;
  }

  /** The language's name in itself, so a child finds their own language without reading another. */
  public String nativeName() {
    return nativeName;
  }

  /** True for scripts written right to left (Arabic). */
  public boolean rightToLeft() {
    return rightToLeft;
  }

  /**
   * True when the staff screen is translated into this language. Entrance words exist in every
   * language; the longer staff words only where a translator could check them.
   */
  public boolean staff() {
    return staff;
  }

  /** The HTML {@code dir} value. */
  public String dir() {
    return rightToLeft ? "rtl" : "ltr";
  }

  /** The locale whose resource bundle holds this language's words. */
  public Locale locale() {
    return Locale.forLanguageTag(tag);
  }

  /** The language with this tag (case-insensitive), if the display has it. */
  public static Optional<Language> byTag(String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    for (Language language : values()) {
      if (language.tag.equalsIgnoreCase(tag.strip())) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }
}
