package no.klipp.terminal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import no.klipp.terminal.display.DisplayConfig;
import no.klipp.terminal.sync.SyncSettings;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.ValidationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's configuration, loaded once from one properties file over the documented defaults
 * ({@code terminal.properties} beside this class) and checked at start; each component gets its
 * own slice.
 *
 * @param ledger where the ledger lives
 * @param validation how scans are validated
 * @param display the screen on localhost
 * @param sync the credential's place and the sync loop's settings
 */
public record TerminalConfig(
    LedgerConfig ledger, ValidationConfig validation, DisplayConfig display, SyncSettings sync) {

  private static final Logger log = LoggerFactory.getLogger(TerminalConfig.class);
  private static final String DEFAULTS = "terminal.properties";

  /** The ledger's slice. */
  public record LedgerConfig(Path path) {}

  /** The configuration from {@code file} (empty: defaults only), then {@code overrides} (command-line options). */
  public static TerminalConfig load(Optional<Path> file, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    if (file.isPresent()) {
      values.putAll(read(file.get()));
    }
    values.putAll(overrides);
    return of(values);
  }

  /** The configuration from these values over the defaults. */
  public static TerminalConfig of(Map<String, String> values) {
    Settings s = new Settings(values, defaults());
    LedgerConfig ledger = new LedgerConfig(s.path("ledger.path"));
    ValidationConfig validation = new ValidationConfig(
        s.required("terminal.id"),
        s.zone("validation.zone"),
        s.duration("validation.repeatWindow"),
        s.duration("validation.passbackWindow"),
        s.duration("validation.undoWindow"),
        s.optional("validation.defaultOffer"),
        s.bool("validation.admitUnknownCards"),
        new OfflinePolicy(s.bool("offline.enabled"), s.duration("offline.grace"),
            s.integer("offline.maxAdmissionsPerCard", 0, 1000)));
    DisplayConfig display = DisplayConfig.DEFAULTS;
    try {
      display = DisplayConfig.from(s::string);
    } catch (DisplayConfig.BadValue e) {
      s.problem(e.key(), e.value(), e.expected());
    }
    SyncSettings sync = sync(s);
    if (!s.problems().isEmpty()) {
      throw new ConfigException(s.problems());
    }
    Set<String> unread = s.unread();
    unread.removeIf(key -> key.startsWith("devices.")); // DeviceConfig reads and checks those
    if (!unread.isEmpty()) {
      log.warn("Unknown configuration keys ignored (misspelt?): {}", unread);
    }
    return new TerminalConfig(ledger, validation, display, sync);
  }

  private static SyncSettings sync(Settings s) {
    java.nio.file.Path credential = s.path("sync.credential");
    int batch = s.integer("sync.batchSize", 1, 10_000);
    java.time.Duration pull = s.duration("sync.pullInterval");
    java.time.Duration timeout = s.duration("sync.timeout");
    if (timeout.toMillis() < 1 || timeout.compareTo(no.klipp.terminal.sync.SyncConfig.MAX_TIMEOUT) > 0) {
      s.problem("sync.timeout", s.string("sync.timeout"), "a duration from 1ms to 24d (the HTTP client's limits)");
      timeout = SyncSettings.defaults(credential).loop().timeout();
    }
    java.time.Duration base = s.duration("sync.backoffBase");
    java.time.Duration max = s.duration("sync.backoffMax");
    java.time.Duration delay = s.duration("sync.uploadDelay");
    try {
      return new SyncSettings(credential, new no.klipp.terminal.sync.SyncConfig(batch, pull, timeout, base, max, delay,
          SyncSettings.SOFTWARE_VERSION));
    } catch (IllegalArgumentException e) {
      s.problem("sync.*", e.getMessage(), "positive durations, sync.backoffMax at least sync.backoffBase");
      return SyncSettings.defaults(credential);
    }
  }

  /** The documented defaults, as shipped. */
  public static Map<String, String> defaults() {
    try (InputStream in = TerminalConfig.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " missing from the build");
      }
      return toMap(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  /** The documented defaults file's text, for 'terminal config'. */
  public static String defaultsText() {
    try (InputStream in = TerminalConfig.class.getResourceAsStream(DEFAULTS)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  private static Map<String, String> read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(in);
      Map<String, String> out = new HashMap<>();
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
      return out;
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of("configuration file " + file + " does not exist"));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(List.of("cannot read configuration file " + file + ": " + e.getMessage()));
    }
  }

  private static Map<String, String> toMap(InputStream in) throws IOException {
    Properties p = new Properties();
    p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
