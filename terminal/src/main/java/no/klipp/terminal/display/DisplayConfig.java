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

  public DisplayConfig {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(language, "language == null");
    // Port 0 lets tests take a free port; the kiosk needs a fixed one.
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("display.port out of 0..65535: " + port);
    }
    if (mode == DisplayMode.STAFF && !language.staff()) {
      throw new IllegalArgumentException(
          "display.language " + language.tag() + " has no staff translation; staff mode needs one of "
              + Arrays.stream(Language.values()).filter(Language::staff).map(Language::tag).toList());
    }
  }

  /**
   * Reads the slice from {@code lookup} (full key, e.g. {@code display.port}, to the raw value or
   * null when absent), falling back to {@link #DEFAULTS}; fails with the key and value at fault.
   */
  public static DisplayConfig from(Function<String, String> lookup) {
    Objects.requireNonNull(lookup, "lookup == null");
    boolean enabled = bool(lookup, "enabled", DEFAULTS.enabled);
    int port = integer(lookup, "port", DEFAULTS.port);
    DisplayMode mode = DEFAULTS.mode;
    String rawMode = value(lookup, "mode");
    if (rawMode != null) {
      mode =
          switch (rawMode.toLowerCase(Locale.ROOT)) {
            case "staff" -> DisplayMode.STAFF;
            case "entrance" -> DisplayMode.ENTRANCE;
            default ->
                throw new IllegalArgumentException(
                    "display.mode must be staff or entrance: " + rawMode);
          };
    }
    Language language = DEFAULTS.language;
    String rawLanguage = value(lookup, "language");
    if (rawLanguage != null) {
      language =
          Language.byTag(rawLanguage)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "display.language must be one of "
                              + Arrays.stream(Language.values()).map(Language::tag).toList()
                              + ": "
                              + rawLanguage));
    }
    return new DisplayConfig(enabled, port, mode, language);
  }

  private static String value(Function<String, String> lookup, String key) {
    String raw = lookup.apply(PREFIX + key);
    return raw == null || raw.isBlank() ? null : raw.strip();
  }

  private static boolean bool(Function<String, String> lookup, String key, boolean fallback) {
    String raw = value(lookup, key);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("display." + key + " must be true or false: " + raw);
    };
  }

  private static int integer(Function<String, String> lookup, String key, int fallback) {
    String raw = value(lookup, key);
    if (raw == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("display." + key + " must be a number: " + raw, e);
    }
  }
}
