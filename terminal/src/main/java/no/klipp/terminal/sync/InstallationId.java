package no.klipp.terminal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The installation id sent with an enrollment code: the same on this machine for the same code,
 * so that running {@code terminal enroll} again after a lost answer is recognised by the server
 * as the same installation asking again (it answers with a new token instead of refusing the used
 * code). Derived from the machine's id (systemd's {@code /etc/machine-id}, never sent as it is)
 * and the code; random, and so only good for the retries of one run, where there is no machine id.
 */
final class InstallationId {

  static final Path MACHINE_ID = Path.of("/etc/machine-id");

  private InstallationId() {}

  static String of(String code, Path machineIdFile, RandomGenerator random) {
    String machine = null;
    try {
      if (Files.isRegularFile(machineIdFile)) {
        machine = Files.readString(machineIdFile, StandardCharsets.US_ASCII).strip();
      }
    } catch (IOException e) {
      machine = null;
    }
    if (machine == null || machine.length() < 16) {
      byte[] b = new byte[16];
      random.nextBytes(b);
      return "r-" + HexFormat.of().formatHex(b);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("klipp-enrollment\0".getBytes(StandardCharsets.US_ASCII));
      sha.update(machine.getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) 0);
      sha.update(code.strip().toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return "m-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
