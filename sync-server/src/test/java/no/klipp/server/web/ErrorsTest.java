package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import no.klipp.server.support.Client;
import no.klipp.server.support.FakeClock;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backstop for a request date no parser bounded: java.time failing on it is the client's 400
 * with the reason, while our own arithmetic and date bugs stay a 500.
 */
class ErrorsTest {

  private Javalin app;
  private Client c;

  @BeforeEach
  void start() {
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(Client.MAPPER, false));
    });
    new Errors(new FakeClock(TestServer.START)).install(app);
    app.get("/next-year", ctx -> ctx.result(LocalDate.parse(ctx.queryParam("d")).plusYears(1).toString()));
    app.get("/millis", ctx -> ctx.result(Long.toString(
        LocalDate.parse(ctx.queryParam("d")).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli())));
    app.get("/share", ctx -> ctx.result(Integer.toString(100 / Integer.parseInt(ctx.queryParam("n")))));
    app.get("/sum", ctx -> ctx.result(Integer.toString(Math.addExact(Integer.MAX_VALUE, 1))));
    app.get("/wrong-field", ctx -> ctx.result(DateTimeFormatter.ofPattern("yyyy").format(Instant.EPOCH)));
    app.get("/stored", ctx -> ctx.result(LocalDate.parse("2026-02-30").toString()));
    app.start("127.0.0.1", 0);
    c = new Client(app.port());
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void aDateJavaTimeCannotHoldIsA400WithTheReason() {
    for (String path : List.of("/next-year?d=%2B999999999-12-31", "/millis?d=-999999999-01-01")) {
      Client.Response r = c.get(path, null);
      BadInputTest.assertError(r, 400, "invalid");
      assertTrue(r.tree().get("message").asText().startsWith("a date in the request is out of range: "), r.toString());
    }
    assertEquals(200, c.get("/next-year?d=2026-03-02", null).status());
  }

  @Test
  void ourOwnArithmeticAndDateBugsStayA500() {
    for (String path : List.of("/share?n=0", "/sum", "/wrong-field", "/stored")) {
      BadInputTest.assertError(c.get(path, null), 500, "internal");
    }
  }
}
