package no.klipp.terminal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of configuration values. A bad value is recorded as a problem (naming the key, the
 * value and what was expected) and the default is used, so that every problem is reported at once.
 */
public final class Settings {


  private final Map<String, String> values;
  private final Map<String, String> defaults;
  private final Set<String> read = new HashSet<>();
  private final List<String> problems = new ArrayList<>();

  Settings(Map<String, String> values, Map<String, String> defaults) {
    this.values = Map.copyOf(values);
    this.defaults = Map.copyOf(defaults);
  }

  /** The raw value of {@code key}, or its documented default. */
  public String string(String key) {
    read.add(key);
    String v = values.get(key);
    if (v == null) {
      v = defaults.get(key);
    }
    if (v == null) {
      throw new IllegalStateException("key " + key + " has no default in terminal.properties");
    }
    return v.strip();
  }

  /** A value that may be left empty. */
  public Optional<String> optional(String key) {
    String v = string(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** A non-empty value. */
  public String required(String key) {
    String v = string(key);
    if (v.isEmpty()) {
      problem(key, v, "a value (it must not be empty)");
      return defaults.getOrDefault(key, "");
    }
    return v;
  }

  public boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        problem(key, v, "true or false");
        yield Boolean.parseBoolean(defaults.get(key));
      }
    };
  }

  public int integer(String key, int min, int max) {
    String v = string(key);
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(key, v, "a whole number from " + min + " to " + max);
    return Integer.parseInt(defaults.get(key));
  }

  public Duration duration(String key) {
    String v = string(key);
    Optional<Duration> d = parseDuration(v);
    if (d.isEmpty() || d.get().isNegative()) {
      problem(key, v, "a duration up to " + Durations.MAX.toDays() + "d such as 10s, 2m, 3h, 3d or PT10S");
      return parseDuration(defaults.get(key)).orElseThrow();
    }
    return d.get();
  }

  public ZoneId zone(String key) {
    String v = string(key);
    try {
      return ZoneId.of(v);
    } catch (DateTimeException e) {
      problem(key, v, "a time zone such as Europe/Oslo");
      return ZoneId.of(defaults.get(key));
    }
  }

  public Path path(String key) {
    String v = required(key);
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      problem(key, v, "a file path");
      return Path.of(defaults.get(key));
    }
  }

  static Optional<Duration> parseDuration(String v) {
    return no.klipp.terminal.config.Durations.parse(v);
  }

  /** Records a problem found by a slice's own cross-checks. */
  public void problem(String key, String value, String expected) {
    problems.add(key + "=" + value + ": expected " + expected);
  }

  List<String> problems() {
    return problems;
  }

  /** Keys given but never read: most likely typing mistakes. */
  Set<String> unread() {
    Set<String> out = new TreeSet<>(values.keySet());
    out.removeAll(read);
    return out;
  }
}
