package no.klipp.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import no.klipp.protocol.sync.Json;
import no.klipp.terminal.sync.SyncStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./klipp demo}: the sync server on SQLite with demo data, two venue terminals (the real
 * agent, in child processes) behind a simulated network, a stream of scans including refused ones,
 * and a network outage every few minutes. Ctrl-C stops everything cleanly.
 */
@Command(name = "klipp demo", mixinStandardHelpOptions = true,
    description = "Runs the whole Klipp system on this machine with demo data.")
public final class Demo implements Callable<Integer> {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Option(names = "--server-jar", description = "The sync server's jar")
  Path serverJar;

  @Option(names = "--terminal-jar", description = "The terminal agent's jar")
  Path terminalJar;

  @Option(names = "--class-path", description = "Instead of the jars: one class path holding both (tests)")
  String classPath;

  @Option(names = "--java", description = "The java to start the parts with (default: this one)")
  Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));

  @Option(names = "--data", description = "The demo's own data directory, emptied at each start (default: data/demo)")
  Path data = Path.of("data", "demo");

  @Option(names = "--port", description = "The server's port; the two terminal screens take the next two (default 8080)")
  int port = 8080;

  @Option(names = "--duration", description = "Stop by itself after this many seconds (default: run until Ctrl-C)")
  long durationSeconds;

  @Option(names = "--outage-every", description = "Seconds between network outages (default 120)")
  long outageEvery = 120;

  @Option(names = "--outage-length", description = "Seconds a network outage lasts (default 30)")
  long outageLength = 30;

  @Option(names = "--scan-every", description = "Milliseconds between scans, on average (default 1500)")
  long scanEvery = 1500;

  private final PrintStream out;
  private volatile boolean stopping;
  private final CountDownLatch stopped = new CountDownLatch(1);

  Demo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Demo(System.out)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Launcher launcher = launcher();
    Thread hook = Thread.ofPlatform().unstarted(() -> {
      stopping = true;
      try {
        stopped.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(launcher);
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook is running and waits for us
      }
    }
  }

  private Launcher launcher() {
    if (classPath != null) {
      return Launcher.classPath(java, classPath);
    }
    if (serverJar == null || terminalJar == null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "give --server-jar and --terminal-jar, or --class-path");
    }
    return Launcher.jars(java, serverJar, terminalJar);
  }

  private int run(Launcher launcher) throws Exception {
    Path dir = data.toAbsolutePath();
    wipe(dir);
    // demo.json holds the administrator's password and the enrollment codes: the user's only.
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    say("Klipp demo: preparing demo data in " + dir + " (a scheme over Røros and Holtålen, six venues, 200 cards)");
    Path manifestFile = dir.resolve("demo.json");
    ServerProcess.seed(launcher, dir, manifestFile);
    Manifest manifest = Json.mapper().readValue(manifestFile.toFile(), Manifest.class);

    try (ServerProcess server = ServerProcess.start(launcher, dir, port);
        FaultProxy network = FaultProxy.clean(server.port())) {
      String venueNet = "http://127.0.0.1:" + network.port();
      List<TerminalProcess> terminals = new ArrayList<>();
      try {
        // Both terminals enroll and start at once: each is a JVM of its own.
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<TerminalProcess>> started = new ArrayList<>();
          AtomicInteger admitted = new AtomicInteger();
          for (int i = 0; i < manifest.terminals().size(); i++) {
            Manifest.Terminal t = manifest.terminals().get(i);
            int n = i + 1;
            say("Enrolling terminal " + n + " at " + t.venueName() + " with its one-time code, then starting it");
            started.add(starting.submit(() -> {
              TerminalProcess p = TerminalProcess.enroll(t.venueName(), launcher, dir.resolve("terminal-" + n),
                  venueNet, t.code(), port + n, t.staffed() ? "staff" : "entrance");
              p.run(v -> show(p.name(), v, admitted));
              return p;
            }));
          }
          for (Future<TerminalProcess> f : started) {
            try {
              terminals.add(f.get());
            } catch (ExecutionException e) {
              throw e.getCause() instanceof Exception c ? c : e;
            }
          }
        }
        banner(server, manifest, terminals);
        feed(manifest, terminals, network);
        say("Stopping: the terminals send what waits, then stop; then the server stops");
        drain(terminals);
      } finally {
        for (TerminalProcess t : terminals) {
          t.close();
        }
      }
      for (TerminalProcess t : terminals) {
        status(t);
      }
    }
    count(dir, launcherTerminals(dir));
    say("Stopped. The demo's data stays in " + dir + " until the next ./klipp demo.");
    return 0;
  }

  private static List<Path> launcherTerminals(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("terminal-")).sorted().toList();
    }
  }

  private void banner(ServerProcess server, Manifest manifest, List<TerminalProcess> terminals) {
    String url = server.url();
    out.println();
    out.println("  Klipp is running.");
    out.println("  server        " + url + "   (SQLite in " + data + ", log " + data.resolve("server.log") + ")");
    out.println("  API           " + url + "/api/v1/openapi.json");
    out.println("  dashboard     " + url + "/dashboard   (statistics, refunds, cards, venues, terminals)");
    out.println("  sign in       " + manifest.adminUser() + " / " + manifest.adminPassword()
        + "   (scheme \"" + manifest.schemeName() + "\")");
    for (int i = 0; i < terminals.size(); i++) {
      TerminalProcess t = terminals.get(i);
      boolean staffed = manifest.terminals().get(i).staffed();
      out.println("  terminal " + (i + 1) + "    " + t.name() + ": " + (staffed ? "staff" : "entrance") + " screen http://127.0.0.1:"
          + (port + 1 + i) + "/");
      out.println("                status: ./klipp terminal --config " + data.resolve(t.dir().getFileName())
          .resolve("terminal.properties") + " status");
    }
    out.println("  The venues reach the server through a simulated network; it fails for " + outageLength
        + " s every " + outageEvery + " s.");
    out.println("  Ctrl-C stops everything.");
    out.println();
  }

  private void feed(Manifest manifest, List<TerminalProcess> terminals, FaultProxy network) throws Exception {
    List<String> active = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    List<String> revoked = new ArrayList<>();
    for (Manifest.Card c : manifest.cards()) {
      if (c.revoked()) {
        revoked.add(c.credential());
      } else {
        active.add(c.credential());
        numbers.add(c.number());
      }
    }
    SecureRandom random = new SecureRandom();
    ScanFeed feed = new ScanFeed(active, numbers, revoked, random);
    Instant start = Instant.now();
    Instant end = durationSeconds > 0 ? start.plusSeconds(durationSeconds) : Instant.MAX;
    Instant nextOutage = start.plusSeconds(Math.min(40, outageEvery));
    Instant outageEnds = null;
    Instant nextStatus = start.plusSeconds(15);
    while (!stopping && Instant.now().isBefore(end)) {
      Instant now = Instant.now();
      if (outageEnds == null && !now.isBefore(nextOutage)) {
        network.down(true);
        outageEnds = now.plusSeconds(outageLength);
        say("── network outage: the venues lose the server; they keep admitting offline, visits wait in their ledgers");
      } else if (outageEnds != null && !now.isBefore(outageEnds)) {
        network.down(false);
        outageEnds = null;
        nextOutage = now.plusSeconds(outageEvery);
        nextStatus = now.plusSeconds(8);
        say("── network back: the terminals send the visits that waited");
      }
      if (!now.isBefore(nextStatus)) {
        for (TerminalProcess t : terminals) {
          status(t);
        }
        nextStatus = Instant.now().plusSeconds(15);
      }
      TerminalProcess t = terminals.get(random.nextInt(terminals.size()));
      for (String line : feed.next().lines()) {
        t.scan(line);
      }
      Thread.sleep(scanEvery / 2 + random.nextLong(scanEvery));
    }
    network.down(false);
  }

  private void show(String terminal, JsonNode v, AtomicInteger admitted) {
    if (!v.has("reason")) {
      return;
    }
    boolean ok = v.path("admitted").asBoolean();
    StringBuilder line = new StringBuilder();
    line.append(String.format("%-24s %-12s ", "[" + terminal + "]", v.path("cardNumber").asText("-")));
    if (ok) {
      line.append(v.path("repeat").asBoolean() ? "ADMITTED (same scan again, nothing counted)" : "ADMITTED");
      if (!v.path("repeat").asBoolean()) {
        admitted.incrementAndGet();
      }
      if (!v.path("visitsLeft").isNull() && !v.path("visitsLeft").isMissingNode()) {
        line.append(" · ").append(v.path("visitsLeft").asInt()).append(" visits left");
      }
      if (v.path("companions").asInt() > 0) {
        line.append(" · ").append(v.path("companions").asInt()).append(" companion free");
      }
      if (v.path("flags").size() > 0) {
        line.append(" · flags ").append(v.path("flags"));
      }
    } else {
      line.append("REFUSED  ").append(v.path("reason").asText());
    }
    say(line.toString());
  }

  private void status(TerminalProcess t) {
    try {
      say("[status] " + t.name() + ": " + summary(t.status()));
    } catch (RuntimeException e) {
      say("[status] " + t.name() + ": not available (" + e.getMessage() + ")");
    }
  }

  /** Gives the terminals up to 20 s (their retries wait at most 5 s) to send what waited. */
  private void drain(List<TerminalProcess> terminals) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    for (TerminalProcess t : terminals) {
      while (t.alive() && Instant.now().isBefore(deadline)) {
        try {
          if (t.status().visitsWaiting() == 0) {
            break;
          }
        } catch (RuntimeException e) {
          break;
        }
        Thread.sleep(500);
      }
    }
  }

  private static String summary(SyncStatus s) {
    return (s.online() ? "online" : "offline") + ", " + s.visitsWaiting() + " visits waiting"
        + (s.lastUpload() == null ? "" : ", last upload " + time(s.lastUpload()))
        + (s.lastDownload() == null ? "" : ", last download " + time(s.lastDownload()))
        + (s.clockOffsetMillis() == null ? "" : ", clock offset " + s.clockOffsetMillis() + " ms")
        + (s.problem() == null ? "" : " (" + s.problem() + ")");
  }

  /** Counts visit events in the terminals' ledgers and on the server, once everything stopped. */
  private void count(Path dir, List<Path> terminalDirs) {
    try {
      long made = 0;
      Set<String> terminalIds = new TreeSet<>();
      for (Path t : terminalDirs) {
        made += count(t.resolve("ledger.db"), "SELECT count(*) FROM visit");
        terminalIds.addAll(strings(t.resolve("ledger.db"), "SELECT DISTINCT terminal_id FROM visit"));
      }
      // The server also holds the demo's earlier months (DemoHistory): count these terminals' only.
      long stored = terminalIds.isEmpty() ? 0 : count(dir.resolve("klipp.db"), "SELECT count(*) FROM visit"
          + " WHERE terminal_id IN (" + String.join(",", Collections.nCopies(terminalIds.size(), "?")) + ")",
          terminalIds.toArray());
      say("Visits recorded at the terminals: " + made + "; on the server: " + stored
          + (made == stored ? " (every one, once)" : " (the rest wait in the terminals' ledgers for the next sync)"));
    } catch (SQLException e) {
      say("Could not count the visits: " + e.getMessage());
    }
  }

  private static List<String> strings(Path db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long count(Path db, String sql, Object... args) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Empties the demo's own directory; refuses anything that does not look like one. */
  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.exists(dir.resolve("demo.json")) && !isEmpty(dir)) {
      throw new IOException(dir + " exists and is not a demo directory; give another --data");
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static String time(Instant t) {
    return CLOCK.format(t.atZone(ZoneId.systemDefault()));
  }

  private void say(String text) {
    out.println(LocalTime.now().format(CLOCK) + " " + text);
    out.flush();
  }
}
