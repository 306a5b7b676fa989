package no.klipp.terminal.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** What the commands take from the world: time, randomness and the standard streams. Tests pass their own. */
public record Env(Clock clock, RandomGenerator random, InputStream in, PrintStream out, PrintStream err) {

  public Env {
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(random, "random == null");
    Objects.requireNonNull(in, "in == null");
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(err, "err == null");
  }

  /** The real world: the system clock, a SecureRandom, System.in/out/err. */
  public static Env system() {
    return new Env(Clock.systemUTC(), new SecureRandom(), System.in, System.out, System.err);
  }
}
