package no.klipp.server.support;

import no.klipp.server.db.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test class run once on each database: before each test a real server on a fresh database of
 * that dialect ({@link #ts}, with its HTTP client {@link #c}), closed after it. A subclass's own
 * {@code @BeforeEach} runs after this one's, so it can build its world on the server.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
public abstract class OnBothDatabases {

  @Parameter
  protected Dialect dialect;

  protected TestServer ts;
  protected Client c;

  @BeforeEach
  final void startServer() {
    ts = new TestServer(dialect);
    c = ts.client;
  }

  @AfterEach
  final void stopServer() {
    if (ts != null) {
      ts.close();
    }
  }
}
