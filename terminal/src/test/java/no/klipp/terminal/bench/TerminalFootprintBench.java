package no.klipp.terminal.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import no.klipp.protocol.bench.BenchReport;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terminal-footprint}: the heap in use (after GC) of a terminal with a 100,000-card ledger
 * open and a few scans validated, measured in a fresh JVM; {@code startup_ms}: from launching
 * {@code terminal validate} (a new JVM) to its first verdict on standard output, with the CPU
 * time it took ({@code startup_cpu_ms}, the steadier figure on a busy machine) and with an AppCDS
 * archive ({@code startup_ms_appcds}).
 */
@Tag("bench")
class TerminalFootprintBench {

  static final int CARDS = 100_000;
  static final int RUNS = 5;
  static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");

  @TempDir Path dir;

  @Test
  void footprint() throws Exception {
    Path db = dir.resolve("ledger.db");
    long importMs = BenchLedger.create(db, CARDS);
    Path scans = dir.resolve("scans.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      lines.add(Fixtures.qr(i * 1999L % CARDS + 1));
    }
    Files.write(scans, lines);
    double[] heapMb = new double[RUNS];
    double[] startup = new double[RUNS];
    double[] startupCds = new double[RUNS];
    double[] startupCpu = new double[RUNS];
    List<String> cds = List.of("-XX:SharedArchiveFile=" + dir.resolve("terminal.jsa"), "-XX:+AutoCreateSharedArchive",
        "-Xlog:disable");
    startup(db, lines.getLast(), cds); // creates the class-data archive
    for (int r = 0; r < RUNS; r++) {
      heapMb[r] = probeHeap(db, scans) / (1024.0 * 1024.0);
      double[] wallAndCpu = startup(db, lines.get(r), List.of());
      startup[r] = wallAndCpu[0];
      startupCpu[r] = wallAndCpu[1];
      startupCds[r] = startup(db, lines.get(r), cds)[0];
    }
    BenchReport.named("terminal-footprint", "MB")
        .value(BenchReport.median(heapMb))
        .figure("startup_ms", BenchReport.median(startup))
        .figure("startup_ms_max", BenchReport.quantile(startup, 1.0))
        .figure("startup_ms_appcds", BenchReport.median(startupCds))
        .figure("startup_cpu_ms", BenchReport.median(startupCpu))
        .figure("import_ms", importMs)
        .figure("ledger_file_mb", Files.size(db) / (1024.0 * 1024.0))
        .param("cards", CARDS)
        .param("load_average", BenchLedger.loadAverage())
        .param("runs", RUNS)
        .param("jvm_flags", String.join(" ", JVM_FLAGS))
        .param("startup_is", "launch of 'terminal validate' to its first verdict line, JVM start included")
        .param("startup_runs", Files.isRegularFile(Path.of("target", "klipp-terminal.jar"))
            ? "the shaded jar (java -jar)" : "the test class path")
        .param("appcds_flags", String.join(" ", cds))
        .write();
  }

  private static List<String> java(Class<?> main, String... args) {
    return java(List.of(), main, args);
  }

  private static List<String> java(List<String> extraFlags, Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(extraFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static long probeHeap(Path db, Path scans) throws Exception {
    Process p = new ProcessBuilder(java(FootprintProbe.class, db.toString(), scans.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long heap = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("HEAP ")) {
          heap = Long.parseLong(line.substring(5));
        }
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || heap < 0) {
      p.destroyForcibly();
      throw new AssertionError("probe failed, exit " + p.exitValue());
    }
    return heap;
  }

  /**
   * The terminal as installed: the shaded jar (built by the package phase before benchmarks run),
   * or the test class path when it is missing.
   */
  private static List<String> terminal(List<String> flags, String... args) {
    Path jar = Path.of("target", "klipp-terminal.jar");
    if (!Files.isRegularFile(jar)) {
      return java(flags, Main.class, args);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(flags);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Wall-clock and CPU milliseconds from launch to the first verdict. */
  private static double[] startup(Path db, String scan, List<String> flags) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(terminal(flags, "--db", db.toString(), "validate"))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().write((scan + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      long ms = (System.nanoTime() - start) / 1_000_000;
      double cpu = p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
      if (first == null || !first.contains("\"reason\"")) {
        throw new AssertionError("no verdict from the terminal: " + first);
      }
      p.getOutputStream().close();
      p.waitFor(30, TimeUnit.SECONDS);
      return new double[] {ms, cpu};
    }
  }
}
