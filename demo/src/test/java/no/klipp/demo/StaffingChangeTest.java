package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import no.klipp.terminal.validation.OfflinePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real terminal and server: a desk marked unattended by the administrator loses every holder's
 * first name from its ledger file at its next sync, and gets them back when marked staffed again,
 * with no one at the terminal.
 */
class StaffingChangeTest {

  @TempDir
  Path dir;

  @Test
  void theNamesLeaveTheTerminalsLedgerWhenItIsMarkedUnattendedAndComeBackWhenStaffed() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      // Enough cards for their names to fill pages: freed pages would keep them without secure_delete.
      ServerFixture.Seeded seeded = server.seed("Staffing", 300, 5);
      String code = server.register(seeded.venueId(), "desk", true);
      try (TerminalFixture desk = new TerminalFixture(Files.createDirectories(dir.resolve("desk")),
          "http://127.0.0.1:" + server.port(), code, SyncFaultTest.CLEAN, OfflinePolicy.off(), 3)) {
        assertEquals(List.of("Barn0", "Barn1", "Barn10"), names(desk).subList(0, 3));
        assertEquals(300, rowsNamed(desk, "Barn"));

        server.server.terminals.setStaffed(desk.identity.terminalId(), false);
        pull(desk);
        assertEquals(List.of("", "", ""), names(desk).subList(0, 3), "every name gone, every card still there");
        assertEquals(300, names(desk).size());
        assertEquals(0, rowsNamed(desk, "Barn"), "not left behind in the card table");
        assertEquals(List.of(), filesHolding(desk, "Barn"), "nor in free pages or the write-ahead log");

        server.server.terminals.setStaffed(desk.identity.terminalId(), true);
        pull(desk);
        assertEquals(List.of("Barn0", "Barn1", "Barn10"), names(desk).subList(0, 3));
        assertEquals(300, rowsNamed(desk, "Barn"));
      }
    }
  }

  /** One round that asks for changes at once, as after its pull interval. */
  private static void pull(TerminalFixture t) {
    t.loop.pullSoon();
    t.loop.round();
    assertTrue(t.loop.status().online(), t.loop.status().toString());
  }

  /** Each card's first name in the terminal's ledger ("" for none), by name. */
  private static List<String> names(TerminalFixture t) {
    return t.ledger.read("names", c -> {
      List<String> out = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COALESCE(first_name, '') FROM card ORDER BY first_name, number")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /** The ledger's files (database, write-ahead log) whose bytes hold {@code text}. */
  private static List<String> filesHolding(TerminalFixture t, String text) throws java.io.IOException {
    List<String> out = new ArrayList<>();
    byte[] wanted = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var files = Files.list(t.ledger.path().getParent())) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("ledger.db")).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
          if (java.util.Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
            out.add(f.getFileName().toString());
            break;
          }
        }
      }
    }
    return out;
  }

  private static long rowsNamed(TerminalFixture t, String prefix) {
    return t.ledger.read("count names", c -> {
      try (var ps = c.prepareStatement("SELECT COUNT(*) FROM card WHERE first_name LIKE ?")) {
        ps.setString(1, prefix + "%");
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }
}
