package no.klipp.terminal.camera;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import no.klipp.protocol.bench.BenchReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * qr-decode: time per frame and detection rate of the terminal's QR pipeline over generated
 * 640x480 camera frames and real photographs (each in four rotations), against BoofCV's QR detector
 * in its default configuration (the baseline) and plain ZXing, all on the same images in one run.
 * With -Dqr.explore=true it also measures the other candidate pipelines (the evidence for the choice).
 */
@Tag("bench")
class QrDecodeBench {

  private static final long SEED = 20261121L;
  private static final int PER_KIND = 30;
  private static final int ROUNDS = 2; // plus a warm-up pass: under a minute on 2 shared cores

  private record Outcome(boolean[] found, boolean[] wrong, double[] millis) {}

  @Test
  void qrDecode() {
    List<QrSample> samples = new ArrayList<>(QrScenes.generate(SEED, PER_KIND, QrScenes.WIDTH));
    Optional<java.nio.file.Path> photos = QrPhotos.directory();
    photos.ifPresent(dir -> {
      samples.addAll(QrPhotos.load(dir, "set-3"));
      samples.addAll(QrPhotos.load(dir, "set-5"));
    });
    if (photos.isEmpty()) {
      System.out.println("[bench] qr-decode: ../shared/testdata/qr-photos not found; generated frames only");
    }

    Map<String, Supplier<QrDecoder>> candidates = new LinkedHashMap<>();
    candidates.put("pipeline", QrDecoders::standard);
    candidates.put("boofcv", BoofQrDecoder::standard);
    candidates.put("zxing", ZxingQrDecoder::plain);
    if (Boolean.getBoolean("qr.explore")) {
      candidates.put("boofcv-fast", BoofQrDecoder::fast);
      candidates.put("zxing-global", () -> new ZxingQrDecoder(ZxingQrDecoder.Threshold.GLOBAL_HISTOGRAM, false));
      candidates.put("zxing-tryharder", () -> new ZxingQrDecoder(ZxingQrDecoder.Threshold.HYBRID, true));
      candidates.put("zxing+boofcv-fast", () -> new QrPipeline(List.of(ZxingQrDecoder.plain(), BoofQrDecoder.fast())));
    }

    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<QrDecoder>> c : candidates.entrySet()) {
      outcomes.put(c.getKey(), measure(c.getValue().get(), samples));
    }

    if (Boolean.getBoolean("qr.explore")) {
      BoofQrDecoder patterns = BoofQrDecoder.fast();
      int[] counts = new int[samples.size()];
      for (int i = 0; i < counts.length; i++) {
        patterns.decode(samples.get(i).frame());
        counts[i] = patterns.positionPatterns();
      }
      outcomes.put("patterns", new Outcome(new boolean[counts.length], new boolean[counts.length],
          java.util.Arrays.stream(counts).asDoubleStream().toArray()));
      dump(outcomes, samples);
      outcomes.remove("patterns");
    }
    BenchReport report = BenchReport.named("qr-decode", "ms/frame");
    Outcome pipeline = outcomes.get("pipeline");
    Outcome boof = outcomes.get("boofcv");
    Outcome zxing = outcomes.get("zxing");
    report.value(BenchReport.median(pipeline.millis()))
        .p99(BenchReport.quantile(pipeline.millis(), 0.99))
        .baseline(BenchReport.median(boof.millis()))
        .figure("detection_rate", rate(pipeline, samples, null))
        .figure("baseline_detection_rate", rate(boof, samples, null))
        .figure("zxing_detection_rate", rate(zxing, samples, null))
        .figure("zxing_median_ms", BenchReport.median(zxing.millis()))
        // Most camera frames show no code: their cost is the terminal's idle CPU load.
        .figure("empty_frame_ms", emptyMedian(pipeline, samples))
        .figure("baseline_empty_frame_ms", emptyMedian(boof, samples))
        .figure("baseline_p99", BenchReport.quantile(boof.millis(), 0.99));
    for (Map.Entry<String, Outcome> o : outcomes.entrySet()) {
      report.figure("candidate_" + o.getKey(), summary(o.getValue(), samples));
    }
    report.param("pipeline", QrDecoders.standard().toString())
        .param("baseline", "BoofCV " + "QrCodeDetector, ConfigQrCode() default")
        .param("seed", SEED)
        .param("generated_frames", samples.stream().filter(s -> s.group().startsWith("generated")).count())
        .param("photo_images", samples.stream().filter(s -> s.group().startsWith("photo")).count())
        .param("rounds", ROUNDS)
        .param("time", "median over frames of each frame's fastest of " + ROUNDS + " rounds")
        .write();
  }

  private static Outcome measure(QrDecoder decoder, List<QrSample> samples) {
    for (QrSample s : samples) { // warm-up: JIT and the decoders' internal buffers
      decoder.decode(s.frame());
    }
    int n = samples.size();
    boolean[] found = new boolean[n];
    boolean[] wrong = new boolean[n];
    double[] millis = new double[n];
    java.util.Arrays.fill(millis, Double.MAX_VALUE);
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < n; i++) {
        QrSample s = samples.get(i);
        long start = System.nanoTime();
        Optional<String> text = decoder.decode(s.frame());
        millis[i] = Math.min(millis[i], (System.nanoTime() - start) / 1e6);
        if (round == 0) {
          found[i] = s.hasCode() && text.filter(s.expected()::equals).isPresent();
          wrong[i] = text.isPresent() && !text.get().equals(s.expected());
        }
      }
    }
    return new Outcome(found, wrong, millis);
  }

  /** The share of images with a code that decoded to the right text, over {@code group} (all if null). */
  private static double rate(Outcome o, List<QrSample> samples, String group) {
    int total = 0;
    int hits = 0;
    for (int i = 0; i < samples.size(); i++) {
      QrSample s = samples.get(i);
      if (s.hasCode() && (group == null || s.group().equals(group))) {
        total++;
        hits += o.found()[i] ? 1 : 0;
      }
    }
    return total == 0 ? 0 : Math.round(1000.0 * hits / total) / 1000.0;
  }

  private static double emptyMedian(Outcome o, List<QrSample> samples) {
    double[] t = new double[(int) samples.stream().filter(s -> !s.hasCode()).count()];
    int k = 0;
    for (int i = 0; i < samples.size(); i++) {
      if (!samples.get(i).hasCode()) {
        t[k++] = o.millis()[i];
      }
    }
    return t.length == 0 ? 0 : round(BenchReport.median(t));
  }

  private static Map<String, Object> summary(Outcome o, List<QrSample> samples) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("detection_rate", rate(o, samples, null));
    out.put("median_ms", round(BenchReport.median(o.millis())));
    out.put("p99_ms", round(BenchReport.quantile(o.millis(), 0.99)));
    int wrong = 0;
    for (boolean w : o.wrong()) {
      wrong += w ? 1 : 0;
    }
    out.put("wrong_or_false_decodes", wrong);
    Map<String, List<Double>> times = new TreeMap<>();
    for (int i = 0; i < samples.size(); i++) {
      times.computeIfAbsent(samples.get(i).group(), g -> new ArrayList<>()).add(o.millis()[i]);
    }
    Map<String, Object> groups = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> g : times.entrySet()) {
      double[] t = g.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      groups.put(g.getKey(), g.getKey().endsWith("empty")
          ? "median " + round(BenchReport.median(t)) + " ms"
          : rate(o, samples, g.getKey()) + " at median " + round(BenchReport.median(t)) + " ms");
    }
    out.put("groups", groups);
    return out;
  }

  /** Per image and candidate: found (0/1) and time, for working out other orders offline. */
  private static void dump(Map<String, Outcome> outcomes, List<QrSample> samples) {
    StringBuilder csv = new StringBuilder("sample,group,has_code");
    outcomes.keySet().forEach(k -> csv.append(',').append(k).append("_found,").append(k).append("_ms"));
    csv.append('\n');
    for (int i = 0; i < samples.size(); i++) {
      QrSample s = samples.get(i);
      csv.append(s.name()).append(',').append(s.group()).append(',').append(s.hasCode() ? 1 : 0);
      for (Outcome o : outcomes.values()) {
        csv.append(',').append(o.found()[i] ? 1 : 0).append(',').append(o.millis()[i]);
      }
      csv.append('\n');
    }
    try {
      java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("bench.dir", "target/bench"));
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(dir.resolve("qr-decode-samples.csv"), csv);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
