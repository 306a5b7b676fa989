package no.klipp.terminal.display;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The display's slice of the terminal configuration, keys {@code display.*}.
 *
 * <pre>
 * display.enabled  = false     # serve the screen on localhost
 * display.port     = 8080      # localhost port Chromium's kiosk opens
 * display.mode     = staff     # staff | entrance
 * display.language = nb        # venue language: staff screen, and entrance screen before a tap
 * </pre>
 */
public record DisplayConfig(boolean enabled, int port, DisplayMode mode, Language language) {

  /** Key prefix of this slice. */
  public static final String PREFIX = "display.";
  /** The defaults written beside the keys above. */
  public static final DisplayConfig DEFAULTS =
      new DisplayConfig(false, 8080, DisplayMode.STAFF, Language.NB);

  /** A value of this slice that cannot be used: which key, what it held, what was expected. */
  public static final class BadValue extends IllegalArgumentException {
    private final String key;
    private final String value;
    private final String expected;

    BadValue(String key, String value, String expected) {
      super(PREFIX + key + "=" + value + ": expected " + expected);
      this.key = PREFIX + key;
      this.value = value;
      this.expected = expected;
    }

    /** The full key, e.g. {@code display.port}. */
    public String key() {
      return key;
    }

    public String value() {
      return value;
    }

    public String expected() {
      return expected;
    }
  }

  public DisplayConfig {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(language, "language == null");
    // Port 0 lets tests take a free port; the kiosk needs a fixed one.
    if (port < 0 || port > 65_535) {
      throw new BadValue("port", Integer.toString(port), "a port from 0 to 65535");
    }
    if (mode == DisplayMode.STAFF && !language.staff()) {
      throw new BadValue(
          "language", language.tag(),
          "a language the staff screen is translated into, one of "
              + Arrays.stream(Language.values()).filter(Language::staff).map(Language::tag).toList()
              + " (entrance mode has all)");
    }
  }

  /**
   * Reads the slice from {@code lookup} (full key, e.g. {@code display.port}, to the raw value or
   * null when absent), falling back to {@link #DEFAULTS}; throws {@link BadValue} for the first
   * value it cannot use.
   */
  public static DisplayConfig from(Function<String, String> lookup) {
    Objects.requireNonNull(lookup, "lookup == null");
    boolean enabled = DEFAULTS.enabled;
    String rawEnabled = value(lookup, "enabled");
    if (rawEnabled != null) {
      enabled =
          switch (rawEnabled.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new BadValue("enabled", rawEnabled, "true or false");
          };
    }
    int port = DEFAULTS.port;
    String rawPort = value(lookup, "port");
    if (rawPort != null) {
      try {
        port = Integer.parseInt(rawPort);
      } catch (NumberFormatException e) {
        throw new BadValue("port", rawPort, "a port from 0 to 65535");
      }
    }
    DisplayMode mode = DEFAULTS.mode;
    String rawMode = value(lookup, "mode");
    if (rawMode != null) {
      mode =
          switch (rawMode.toLowerCase(Locale.ROOT)) {
            case "staff" -> DisplayMode.STAFF;
            case "entrance" -> DisplayMode.ENTRANCE;
            default -> throw new BadValue("mode", rawMode, "staff or entrance");
          };
    }
    Language language = DEFAULTS.language;
    String rawLanguage = value(lookup, "language");
    if (rawLanguage != null) {
      language =
          Language.byTag(rawLanguage)
              .orElseThrow(
                  () ->
                      new BadValue(
                          "language", rawLanguage,
                          "one of " + Arrays.stream(Language.values()).map(Language::tag).toList()));
    }
    return new DisplayConfig(enabled, port, mode, language);
  }

  private static String value(Function<String, String> lookup, String key) {
    String raw = lookup.apply(PREFIX + key);
    return raw == null || raw.isBlank() ? null : raw.strip();
  }
}
