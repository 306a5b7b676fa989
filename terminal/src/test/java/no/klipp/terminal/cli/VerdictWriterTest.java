package no.klipp.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.terminal.validation.Holder;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Test;

/** The staff's verdict line names the holder only when the ledger has a name for them. */
class VerdictWriterTest {

  private static String line(Holder holder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new VerdictWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true).verdict(new Verdict(true,
        Reason.ADMITTED, "1000000014", "cinema", List.of("cinema"), 4, 1, false, UUID.randomUUID(), Set.of(), holder,
        null));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aHolderWithANameShowsIt() {
    assertTrue(line(new Holder("Kari", 2015)).contains("\"holder\":{\"firstName\":\"Kari\",\"birthYear\":2015}"));
  }

  @Test
  void aHolderWhoseNameWasErasedShowsOnlyTheBirthYearNeverNull() {
    for (String none : new String[] {null, "", " "}) {
      String line = line(new Holder(none, 2015));
      assertTrue(line.contains("\"holder\":{\"birthYear\":2015}"), line);
      assertFalse(line.contains("firstName"), line);
      assertEquals(-1, line.indexOf("null,\"birthYear\""), line);
    }
  }
}
