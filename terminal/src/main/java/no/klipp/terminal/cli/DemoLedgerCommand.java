package no.klipp.terminal.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import no.klipp.protocol.sync.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code terminal demo-ledger --out FILE}: writes a demo snapshot to FILE and its cards' QR texts,
 * one per line, to FILE's name with {@code .codes.txt}; {@code terminal validate} reads that file as it is.
 */
@Command(name = "demo-ledger", description = {
    "Write a demo ledger snapshot (scheme, venue with offers, cards signed with a throwaway key) to FILE,",
    "and the cards' QR texts, one per line, to FILE without .json plus .codes.txt."})
final class DemoLedgerCommand implements Callable<Integer> {

  @ParentCommand TerminalCommand parent;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Snapshot JSON to write.")
  Path out;

  @Option(names = "--cards", defaultValue = "1000", paramLabel = "N", description = "Number of cards (default ${DEFAULT-VALUE}).")
  int cards;

  @Override
  public Integer call() throws IOException {
    Env env = parent.env;
    if (cards < 1 || cards > 1_000_000) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--cards must be 1..1000000: " + cards);
    }
    LocalDate today = LocalDate.ofInstant(env.clock().instant(), ZoneId.of("Europe/Oslo"));
    DemoSnapshot.Result demo = DemoSnapshot.generate(cards, today, env.clock().instant(), new SecureRandom());
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Json.mapper().writeValue(out.toFile(), demo.snapshot());
    Path codes = codesFile(out);
    Files.write(codes, demo.qrTexts(), StandardCharsets.UTF_8);
    env.out().printf("Wrote %s (%d cards, venue %s) and %s%n", out, cards, DemoSnapshot.VENUE_ID, codes);
    return ExitCodes.OK;
  }

  /** {@code demo.json} -> {@code demo.codes.txt}. */
  static Path codesFile(Path snapshot) {
    String name = snapshot.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return snapshot.resolveSibling(base + ".codes.txt");
  }
}
