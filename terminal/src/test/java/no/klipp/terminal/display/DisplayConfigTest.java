package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DisplayConfigTest {

  @Test
  void defaultsWhenNothingIsSet() {
    assertEquals(DisplayConfig.DEFAULTS, DisplayConfig.from(key -> null));
    assertEquals(new DisplayConfig(false, 8080, DisplayMode.STAFF, Language.NB), DisplayConfig.DEFAULTS);
  }

  @Test
  void readsItsOwnSlice() {
    Map<String, String> file =
        Map.of(
            "display.enabled", "true", "display.port", " 9090 ", "display.mode", "Entrance",
            "display.language", "ar", "sync.url", "https://elsewhere");
    assertEquals(new DisplayConfig(true, 9090, DisplayMode.ENTRANCE, Language.AR), DisplayConfig.from(file::get));
  }

  @Test
  void badValuesFailWithTheKeyAndValue() {
    assertMessage("display.port=eighty: expected a port from 0 to 65535", Map.of("display.port", "eighty"));
    assertMessage("display.port=70000: expected a port from 0 to 65535", Map.of("display.port", "70000"));
    assertMessage("display.mode=kiosk: expected staff or entrance", Map.of("display.mode", "kiosk"));
    assertMessage("display.enabled=maybe: expected true or false", Map.of("display.enabled", "maybe"));
    assertMessage("display.language=de: expected one of [nb, nn, en, ar, so, uk, pl, ti]", Map.of("display.language", "de"));
    assertTrue(message(Map.of("display.language", "ti")).startsWith("display.language=ti: expected a language the staff screen"));
    assertEquals(Language.TI, DisplayConfig.from(Map.of("display.language", "ti", "display.mode", "entrance")::get).language());
  }

  private static void assertMessage(String expected, Map<String, String> values) {
    assertEquals(expected, message(values));
  }

  private static String message(Map<String, String> values) {
    return assertThrows(IllegalArgumentException.class, () -> DisplayConfig.from(values::get)).getMessage();
  }
}
