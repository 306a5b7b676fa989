package no.klipp.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  private static String csv(String... fields) {
    return new String(new Csv().row(List.of(fields)).bytes(), StandardCharsets.UTF_8).substring(1);
  }

  @Test
  void aValueThatASpreadsheetWouldRunAsAFormulaStaysText() {
    assertEquals("'=HYPERLINK(1),'+1+2,'@SUM(A1),'-x\r\n", csv("=HYPERLINK(1)", "+1+2", "@SUM(A1)", "-x"));
    assertEquals("'\t=1+2,\"'\r=1+2\"\r\n", csv("\t=1+2", "\r=1+2"), "a leading tab or carriage return too");
  }

  @Test
  void numbersStayNumbers() {
    assertEquals("-3,2.5,0\r\n", csv("-3", "2.5", "0"));
  }

  @Test
  void commasQuotesAndLineBreaksAreQuoted() {
    assertEquals("\"Kino, sal 2\",\"Sa \"\"hei\"\"\",\"to\nlinjer\",Bø\r\n",
        csv("Kino, sal 2", "Sa \"hei\"", "to\nlinjer", "Bø"));
  }
}
