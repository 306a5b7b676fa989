package no.klipp.terminal;

import no.klipp.terminal.cli.Cli;
import no.klipp.terminal.cli.Env;

/** The terminal's entry point: runs the command line against the real world. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(args, Env.system()));
  }
}
