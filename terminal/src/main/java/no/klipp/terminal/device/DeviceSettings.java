package no.klipp.terminal.device;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Typed reads of {@code devices.*} values over the documented defaults. A bad value is recorded
 * as a problem naming the key, the value and what was expected, so every mistake is reported at once.
 */
final class DeviceSettings {


  private final Map<String, String> values;
  private final Map<String, String> defaults;
  private final List<String> problems = new ArrayList<>();

  DeviceSettings(Map<String, String> values, Map<String, String> defaults) {
    this.values = Map.copyOf(values);
    this.defaults = Map.copyOf(defaults);
    for (String key : new TreeSet<>(values.keySet())) {
      if (key.startsWith("devices.") && !defaults.containsKey(key)) {
        problems.add(key + ": unknown key (misspelt?)");
      }
    }
  }

  String string(String key) {
    String v = values.containsKey(key) ? values.get(key) : defaults.get(key);
    if (v == null) {
      throw new IllegalStateException(key + " has no default in devices.properties");
    }
    return v.strip();
  }

  Optional<String> optional(String key) {
    String v = string(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  <E extends Enum<E>> E choice(String key, Class<E> type) {
    String v = string(key);
    String name = v.toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    problem(key, v, "one of " + Arrays.stream(type.getEnumConstants()).map(DeviceSettings::spelling)
        .collect(Collectors.joining(", ")));
    return type.getEnumConstants()[0];
  }

  boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        problem(key, v, "true or false");
        yield false;
      }
    };
  }

  /** A whole number in {@code min..max}; {@code 0x}-prefixed hexadecimal is accepted. */
  int integer(String key, int min, int max) {
    String v = string(key);
    try {
      int n = v.toLowerCase(Locale.ROOT).startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(key, v, "a whole number from " + min + " to " + max);
    return min;
  }

  int pin(String key) {
    return integer(key, 0, 27);
  }

  Duration duration(String key, Duration min, Duration max) {
    String v = string(key);
    Optional<Duration> d = parseDuration(v);
    if (d.isEmpty() || d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
      problem(key, v, "a duration from " + text(min) + " to " + text(max) + " such as 150ms, 3s or PT3S");
      return min;
    }
    return d.get();
  }

  Optional<Path> path(String key) {
    Optional<String> v = optional(key);
    try {
      return v.map(Path::of);
    } catch (InvalidPathException e) {
      problem(key, v.get(), "a file path");
      return Optional.empty();
    }
  }

  void problem(String key, String value, String expected) {
    problems.add(key + "=" + value + ": expected " + expected);
  }

  /** A problem that concerns several keys together. */
  void conflict(String message) {
    problems.add(message);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  static String spelling(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  static Optional<Duration> parseDuration(String v) {
    return no.klipp.terminal.config.Durations.parse(v);
  }
}
