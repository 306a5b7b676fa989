package no.klipp.protocol.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A benchmark's result, written to {@code <module>/target/bench/<name>.json} with {@code name},
 * {@code unit}, {@code value} (the median), {@code p99}, {@code baseline}, {@code ratio}
 * (value / baseline), {@code params} and any extra figures. Benchmarks report; they do not assert.
 */
public final class BenchReport {

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Map<String, Object> params = new LinkedHashMap<>();

  private BenchReport(String name, String unit) {
    fields.put("name", Objects.requireNonNull(name, "name == null"));
    fields.put("unit", Objects.requireNonNull(unit, "unit == null"));
  }

  /**
   * Milliseconds the JIT compilers have worked so far in this JVM. Read around a measured stretch,
   * it tells whether the code measured was still being compiled (on two cores, the compiler's
   * thread takes CPU the code measured would have had).
   */
  public static double jitMillis() {
    return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  /** A report named {@code name} whose figures are in {@code unit} (e.g. "ms", "visits/s"). */
  public static BenchReport named(String name, String unit) {
    return new BenchReport(name, unit);
  }

  /** The headline figure (the median for timings). */
  public BenchReport value(double value) {
    fields.put("value", value);
    return this;
  }

  /** The 99th percentile. */
  public BenchReport p99(double p99) {
    fields.put("p99", p99);
    return this;
  }

  /** The baseline measured in the same run; also sets {@code ratio} = value / baseline. */
  public BenchReport baseline(double baseline) {
    fields.put("baseline", baseline);
    Object value = fields.get("value");
    if (value instanceof Double v && baseline != 0) {
      fields.put("ratio", v / baseline);
    }
    return this;
  }

  /** Any other figure, e.g. {@code p95}, {@code startup_ms}, {@code detection_rate}. */
  public BenchReport figure(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** A parameter of the run (dataset size, iterations, machine facts). */
  public BenchReport param(String key, Object value) {
    params.put(key, value);
    return this;
  }

  /** Writes the JSON file and prints it; returns its path. */
  public Path write() {
    Map<String, Object> out = new LinkedHashMap<>(fields);
    params.putIfAbsent("java", System.getProperty("java.version"));
    params.putIfAbsent("cpus", Runtime.getRuntime().availableProcessors());
    out.put("params", params);
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
    Path file = dir.resolve(fields.get("name") + ".json");
    try {
      Files.createDirectories(dir);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      String json = mapper.writeValueAsString(out);
      Files.writeString(file, json + "\n");
      System.out.println("[bench] " + file + "\n" + json);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code q}-quantile (0..1) of samples, by nearest rank; sorts a copy. */
  public static double quantile(double[] samples, double q) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  /** The median of samples. */
  public static double median(double[] samples) {
    return quantile(samples, 0.5);
  }
}
