package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A built .deb unpacked into a temporary directory (files, and DEBIAN/ for the control files). */
final class Deb implements AutoCloseable {
  private final Path file;
  private final Path tree;

  private Deb(Path file, Path tree) {
    this.file = file;
    this.tree = tree;
  }

  static Deb unpack(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), "no package at " + file + ": run the package phase");
    var tree = Files.createTempDirectory("klipp-deb");
    succeed("dpkg-deb", "-x", file.toString(), tree.toString());
    succeed("dpkg-deb", "-e", file.toString(), tree.resolve("DEBIAN").toString());
    return new Deb(file, tree);
  }

  Path file() {
    return file;
  }

  /** The unpacked files; DEBIAN/ holds control, conffiles and the maintainer scripts. */
  Path tree() {
    return tree;
  }

  /** The control file's fields, continuation lines joined. */
  Map<String, String> fields() {
    var fields = new LinkedHashMap<String, String>();
    String last = null;
    for (var line : succeed("dpkg-deb", "-f", file.toString()).split("\n")) {
      if (line.startsWith(" ") && last != null) {
        fields.merge(last, "\n" + line, String::concat);
      } else if (line.contains(": ")) {
        last = line.substring(0, line.indexOf(": "));
        fields.put(last, line.substring(line.indexOf(": ") + 2));
      }
    }
    return fields;
  }

  /** Asserts that dpkg-deb -c lists each entry, given as "mode owner/group path". */
  void assertLists(List<String> entries) {
    var listing = succeed("dpkg-deb", "-c", file.toString());
    for (var entry : entries) {
      var parts = entry.split(" ", 3);
      var line = "(?m)^" + Pattern.quote(parts[0] + " " + parts[1]) + " .* " + Pattern.quote("." + parts[2]) + "$";
      assertTrue(Pattern.compile(line).matcher(listing).find(), "no " + entry + " in:\n" + listing);
    }
  }

  /** Asserts every conffile exists in the package, and returns them. */
  List<String> conffiles() throws IOException {
    var conffiles = Files.readAllLines(tree.resolve("DEBIAN/conffiles"));
    for (var conffile : conffiles) {
      assertTrue(Files.isRegularFile(tree.resolve(conffile.substring(1))), conffile + " is not in the package");
    }
    return conffiles;
  }

  /** lintian's findings at every level, without its complaint about running as root. */
  String lintian() {
    var result = Command.of("lintian", "--pedantic", file.toString()).run();
    return result.output().lines()
        .filter(line -> !line.contains("running with root privileges is not recommended"))
        .reduce("", (a, b) -> a + b + "\n").strip();
  }

  static String succeed(String... argv) {
    var result = Command.of(argv).run();
    assertEquals(0, result.exitCode(), () -> String.join(" ", argv) + ":\n" + result.output());
    return result.output();
  }

  @Override
  public void close() {
    Command.of("rm", "-rf", tree.toString()).run();
  }
}
