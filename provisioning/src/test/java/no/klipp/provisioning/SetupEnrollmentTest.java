package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pi/setup.sh's enrollment step, run with its own functions against a fake {@code runuser} on the
 * PATH (the real one would run klipp-terminal as the agent's user): the one-time code reaches
 * klipp-terminal on standard input, never in a process's arguments, where other users, sudo's log
 * and the shell history would see it. The rest of the script needs root and a Debian root file
 * system; provisioning/test/chroot-install.sh runs it whole.
 */
class SetupEnrollmentTest {

  static final String CODE = "7KQ2-MX4P";

  @TempDir Path dir;

  @BeforeEach
  void fakeRunuser() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // Records every command line; 'status' says not enrolled; 'enroll' keeps what it was given on stdin.
    Path runuser = Files.writeString(bin.resolve("runuser"), """
        #!/bin/sh
        echo "$*" >>"$FAKE_DIR/argv.log"
        case " $* " in
          *" status "*) echo "terminal:        ${FAKE_TERMINAL:-not enrolled (no credential)}" ;;
          *" enroll "*) cat >"$FAKE_DIR/stdin.log" ;;
        esac
        """);
    Files.setPosixFilePermissions(runuser, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Sources setup.sh with {@code options} but without its last line ('main'), then runs {@code steps}. */
  Command.Result setup(String stdin, String options, String steps) throws Exception {
    return setup(stdin, options, steps, "not enrolled (no credential)");
  }

  /** As above, with the agent's status naming {@code terminal}. */
  Command.Result setup(String stdin, String options, String steps, String terminal) throws Exception {
    Path input = Files.writeString(dir.resolve("stdin"), stdin);
    String script = "source <(sed '/^main$/d' \"$SETUP\") " + options + " && " + steps;
    return Command.of("bash", "-c", "{ " + script + "; } <\"$FAKE_DIR/stdin\"")
        .withEnvironment(Map.of(
            "SETUP", Sources.dir().resolve("pi/setup.sh").toString(),
            "FAKE_DIR", dir.toString(),
            "FAKE_TERMINAL", terminal,
            "PATH", dir.resolve("bin") + ":" + System.getenv("PATH")))
        .run();
  }

  @Test
  void runAgainOnAnEnrolledTerminalItNeedsNoCode() throws Exception {
    var result = setup("", "--server https://klipp.example.org", "read_code && enroll", "T-17 of Kino (v-3)");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("already enrolled; skipped"), result.output());
    assertFalse(Files.readString(dir.resolve("argv.log")).contains(" enroll "), "enrolled again");
  }

  @Test
  void aTerminalNotEnrolledStillNeedsTheCode() throws Exception {
    var result = setup("", "--server https://klipp.example.org", "read_code && enroll");
    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("--server needs the enrollment code"), result.output());
  }

  @Test
  void codeStdinReachesTheAgentOnStandardInputNotInItsArguments() throws Exception {
    var result = setup(CODE + "\n", "--server https://klipp.example.org --code-stdin", "read_code && enroll");
    assertEquals(0, result.exitCode(), result.output());
    String argv = Files.readString(dir.resolve("argv.log"));
    assertTrue(argv.contains("klipp-terminal --config /etc/klipp/terminal.properties enroll "
        + "--server https://klipp.example.org --code-stdin"), argv);
    assertFalse(argv.contains(CODE), "the code in a command line: " + argv);
    assertEquals(CODE + "\n", Files.readString(dir.resolve("stdin.log")));
  }

  @Test
  void codeOnTheCommandLineStillWorksButIsPassedOnStandardInput() throws Exception {
    var result = setup("", "--server https://klipp.example.org --code " + CODE, "read_code && enroll");
    assertEquals(0, result.exitCode(), result.output());
    String argv = Files.readString(dir.resolve("argv.log"));
    assertTrue(argv.contains(" enroll --server https://klipp.example.org --code-stdin"), argv);
    assertFalse(argv.contains(CODE), "the code in klipp-terminal's command line: " + argv);
    assertEquals(CODE + "\n", Files.readString(dir.resolve("stdin.log")));
  }

  @Test
  void codeStdinWithNothingOnStandardInputStopsBeforeEnrolling() throws Exception {
    var result = setup("", "--server https://klipp.example.org --code-stdin", "read_code && enroll");
    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("--code-stdin: no code on standard input"), result.output());
    assertFalse(Files.exists(dir.resolve("argv.log")), "klipp-terminal ran without a code");
  }

  @Test
  void plainHttpToAnotherMachineStopsBeforeTheCodeIsReadOrSent() throws Exception {
    var result = setup(CODE + "\n", "--server http://klipp.example.org --code-stdin", "read_code && enroll");
    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("is not https://"), result.output());
    assertFalse(Files.exists(dir.resolve("argv.log")), "klipp-terminal ran");

    var allowed = setup(CODE + "\n", "--server http://10.0.0.5:8081 --code-stdin --insecure-http", "read_code && enroll");
    assertEquals(0, allowed.exitCode(), allowed.output());
    assertTrue(Files.readString(dir.resolve("argv.log"))
        .contains(" enroll --server http://10.0.0.5:8081 --code-stdin --insecure-http"));
  }

  @Test
  void usagePrefersCodeStdin() throws Exception {
    var result = Command.of(Sources.dir().resolve("pi/setup.sh").toString(), "--help").run();
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("--code-stdin"), result.output());
    assertTrue(result.output().contains("prefer --code-stdin"), result.output());
  }
}
