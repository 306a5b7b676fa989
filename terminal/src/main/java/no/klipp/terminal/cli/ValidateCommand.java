package no.klipp.terminal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.ledger.LedgerLock;
import no.klipp.terminal.validation.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code terminal validate}: scans one per line in, one JSON verdict per line out. Each admission
 * is durably recorded before its line is written.
 */
@Command(name = "validate", description = {
    "Validate scans read one per line from standard input (or --input FILE) and print one JSON verdict per line.",
    "A line is a QR code's text, a card number, nfc:<payloadhex>:<uidhex>, or a staff action on the last",
    "admission: 'undo' or 'companions:N'."})
final class ValidateCommand implements Callable<Integer> {

  @ParentCommand TerminalCommand parent;

  @Option(names = "--input", paramLabel = "FILE", description = "Read scans from FILE instead of standard input.")
  Path input;

  @Option(names = "--offer", paramLabel = "ID", description = "Admit under this offer (as staff picking it).")
  String offer;

  @Option(names = "--staff", description = "Include the holder's first name and birth year (staff screens only).")
  boolean staff;

  @Override
  public Integer call() throws IOException {
    Env env = parent.env;
    TerminalConfig config = parent.config();
    try (LedgerLock held = LedgerLock.take(config.ledger().path()); Session session = Session.open(config, env);
        InputStream in = open(env)) {
      return loop(session, new BoundedLines(reader(in), InputLine.MAX_LENGTH), new VerdictWriter(env.out(), staff));
    }
  }

  private InputStream open(Env env) throws IOException {
    if (input == null) {
      // Standard input belongs to the process; closing this wrapper must not close it.
      return new java.io.FilterInputStream(env.in()) {
        @Override
        public void close() {}
      };
    }
    try {
      return Files.newInputStream(input);
    } catch (NoSuchFileException e) {
      throw new InputFileException("no input file at " + input);
    }
  }

  private static Reader reader(InputStream in) {
    // Binary garbage becomes replacement characters, which no card code contains.
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return new java.io.BufferedReader(new InputStreamReader(in, decoder));
  }

  private int loop(Session session, BoundedLines lines, VerdictWriter out) throws IOException {
    UUID last = null;
    int failures = 0;
    String line;
    while ((line = lines.next()) != null) {
      InputLine parsed = line.equals(BoundedLines.OVERSIZED)
          ? new InputLine.Invalid("line longer than " + InputLine.MAX_LENGTH + " characters")
          : InputLine.parse(line);
      try {
        switch (parsed) {
          case InputLine.ScanLine s -> {
            Verdict v = session.validator.validate(s.scan(), offer);
            if (v.admitted()) {
              last = v.visitId();
            }
            out.verdict(v);
          }
          case InputLine.Invalid i -> out.verdict(Verdict.invalidCode(i.detail()));
          case InputLine.Undo u -> {
            if (last == null) {
              out.note("undo", "no admission to undo");
            } else {
              out.correction("undo", session.validator.undo(last));
            }
          }
          case InputLine.Companions c -> {
            if (last == null || c.count() == 0) {
              out.note("companions", "no admission to add companions to");
            } else {
              out.correction("companions", session.validator.addCompanions(last, c.count()));
            }
          }
        }
      } catch (LedgerException e) {
        // Nothing of this scan was recorded, and no verdict admits it; the next scan may work again.
        failures++;
        out.error(e);
        if (e.problem() == LedgerException.Problem.CORRUPT) {
          throw e;
        }
      }
    }
    return failures == 0 ? ExitCodes.OK : ExitCodes.LEDGER;
  }
}
