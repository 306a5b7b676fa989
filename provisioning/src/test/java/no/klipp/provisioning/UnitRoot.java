package no.klipp.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway file-system root for {@code systemd-analyze verify --root}: the host's own units
 * (so that targets like multi-user.target resolve), our units at their installed paths, and a stub
 * for every program a unit starts that the root does not have (verify insists they exist).
 */
final class UnitRoot implements AutoCloseable {
  private static final Pattern EXEC_LINE = Pattern.compile("(?m)^Exec\\w*=[-@+!:]*(/\\S+)");
  private static final Path HOST_UNITS = Path.of("/usr/lib/systemd/system");

  private final Path root;

  private UnitRoot(Path root) {
    this.root = root;
  }

  /** True when systemd-analyze and the host's unit directory are there to verify against. */
  static boolean possible() {
    return Command.available("systemd-analyze") && Files.exists(HOST_UNITS.resolve("multi-user.target"));
  }

  /** A root with the host's units and, if given, an extracted package tree laid over them. */
  static UnitRoot create(Path packageTree) throws IOException {
    var root = Files.createTempDirectory("klipp-unit-root");
    Files.createDirectories(root.resolve("lib/systemd"));
    run("cp", "-a", HOST_UNITS.toString(), root.resolve("lib/systemd/").toString());
    if (packageTree != null) {
      run("cp", "-a", packageTree + "/.", root.toString());
    }
    return new UnitRoot(root);
  }

  Path path() {
    return root;
  }

  /** Places a unit (or drop-in) file at its installed absolute path inside the root. */
  void install(Path source, String installedPath) throws IOException {
    var target = root.resolve(installedPath.substring(1));
    Files.createDirectories(target.getParent());
    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs systemd-analyze verify on the installed unit; an empty output means it is clean. */
  Command.Result verify(String installedPath) throws IOException {
    stubMissingPrograms(installedPath);
    var dropIns = root.resolve(installedPath.substring(1) + ".d");
    if (Files.isDirectory(dropIns)) {
      try (Stream<Path> files = Files.list(dropIns)) {
        for (var dropIn : files.toList()) {
          stubMissingPrograms("/" + root.relativize(dropIn));
        }
      }
    }
    return Command.of("systemd-analyze", "verify", "--man=no", "--root=" + root, installedPath).run();
  }

  /** systemd-analyze security's overall exposure (0 = locked down, 10 = exposed). */
  double exposure(String unitName) {
    var result = Command.of("systemd-analyze", "security", "--offline=yes", "--root=" + root, unitName).run();
    var matcher = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)").matcher(result.output());
    if (!matcher.find()) {
      throw new IllegalStateException("no exposure level in:\n" + result.output());
    }
    return Double.parseDouble(matcher.group(1));
  }

  private void stubMissingPrograms(String installedPath) throws IOException {
    var text = Files.readString(root.resolve(installedPath.substring(1)));
    var matcher = EXEC_LINE.matcher(text);
    while (matcher.find()) {
      var program = root.resolve(matcher.group(1).substring(1));
      if (!Files.exists(program, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(program.getParent());
        Files.writeString(program, "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static void run(String... argv) {
    var result = Command.of(argv).run();
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + ":\n" + result.output());
    }
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(root)) {
      for (var path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
