package no.klipp.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the provisioning module's files are, for tests run by Maven or from an IDE. */
final class Sources {
  private Sources() {}

  /** The provisioning module's directory. */
  static Path dir() {
    var configured = System.getProperty("provisioning.dir");
    return configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
  }

  /** The built klipp-terminal .deb. */
  static Path deb() {
    var configured = System.getProperty("terminal.deb");
    return configured != null ? Path.of(configured) : dir().resolve("target/klipp-terminal_all.deb");
  }

  /** Every shell script of the module outside target/, recognised by its #! line. */
  static List<Path> shellScripts() {
    try (Stream<Path> files = Files.walk(dir())) {
      return files
          .filter(Files::isRegularFile)
          .filter(path -> !dir().relativize(path).startsWith("target"))
          .filter(Sources::hasShellShebang)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean hasShellShebang(Path path) {
    try (var in = Files.newInputStream(path)) {
      var head = new String(in.readNBytes(64), java.nio.charset.StandardCharsets.ISO_8859_1);
      return head.startsWith("#!/bin/sh") || head.startsWith("#!/bin/bash")
          || head.startsWith("#!/usr/bin/env bash") || head.startsWith("#!/usr/bin/env sh");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
