package no.klipp.terminal.config;

import java.util.List;

/** The configuration cannot be used; the message lists every problem, one per line. */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, naming the key and what is wrong with its value. */
  public List<String> problems() {
    return problems;
  }
}
