package no.klipp.terminal.display;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import no.klipp.protocol.sync.Json;

/** The display's one page, filled in for its mode and venue language, and each language's words for it. */
final class Page {

  private final String template;
  private final DisplayConfig config;
  private final java.util.function.Supplier<DisplayMode> mode;
  private final Messages messages;
  private final ObjectMapper json = Json.mapper();

  /** The page for the screen {@code mode} says the display is in now (it may change while running). */
  Page(String template, DisplayConfig config, java.util.function.Supplier<DisplayMode> mode, Messages messages) {
    this.template = template;
    this.config = config;
    this.mode = mode;
    this.messages = messages;
  }

  /** The page with its language, direction, mode and the venue language's words inlined, so it paints at once. */
  byte[] html() throws JsonProcessingException {
    Language language = config.language();
    DisplayMode current = this.mode.get();
    String mode = current.name().toLowerCase(Locale.ROOT);
    Map<String, Object> boot = new LinkedHashMap<>();
    boot.put("mode", mode);
    boot.put("venueLanguage", words(language, current));
    List<Map<String, String>> languages = new ArrayList<>();
    for (Language each : Language.values()) {
      languages.add(Map.of("tag", each.tag(), "name", each.nativeName(), "dir", each.dir()));
    }
    boot.put("languages", languages);
    // "</" inside the JSON would end the script element early.
    String bootJson = json.writeValueAsString(boot).replace("</", "<\\/");
    return template
        .replace("{{lang}}", language.tag())
        .replace("{{dir}}", language.dir())
        .replace("{{mode}}", mode)
        .replace("{{boot}}", bootJson)
        .getBytes(UTF_8);
  }

  /** One language's words for this page's mode, with its tag, direction and own name. */
  Map<String, Object> words(Language language) {
    return words(language, mode.get());
  }

  private Map<String, Object> words(Language language, DisplayMode current) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tag", language.tag());
    out.put("dir", language.dir());
    out.put("name", language.nativeName());
    // Each screen gets only its own words: the entrance page has no staff wording to leak.
    boolean entrance = current == DisplayMode.ENTRANCE;
    Map<String, String> words = new TreeMap<>();
    messages.of(language).forEach((key, text) -> {
      if (key.startsWith("entrance.") == entrance) {
        words.put(key, text);
      }
    });
    out.put("messages", words);
    return out;
  }
}
