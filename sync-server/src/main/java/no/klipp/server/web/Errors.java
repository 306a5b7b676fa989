package no.klipp.server.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import java.time.Clock;
import java.util.Optional;
import no.klipp.protocol.sync.ErrorBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become responses: an ErrorBody with a code and a message, never a stack trace. */
public final class Errors {

  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  private final Clock clock;

  public Errors(Clock clock) {
    this.clock = clock;
  }

  /** Installs the handlers on {@code app}. */
  public void install(Javalin app) {
    app.exception(ApiException.class, (e, ctx) -> {
      if (e.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      write(ctx, e.status(), e.code(), e.getMessage());
    });
    app.exception(ValidationException.class, (e, ctx) -> write(ctx, 400, "invalid", "invalid parameter"));
    app.exception(HttpResponseException.class, (e, ctx) ->
        write(ctx, e.getStatus(), code(e.getStatus()), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      Optional<ApiException> date = ApiException.dateOutOfRange(e);
      if (date.isPresent()) {
        // Logged with its trace all the same: the date should have been refused where it was parsed.
        log.warn("Date out of range on {} {}", ctx.method(), ctx.matchedPath(), e);
        write(ctx, 400, date.get().code(), date.get().getMessage());
        return;
      }
      log.error("Unexpected failure on {} {}", ctx.method(), ctx.matchedPath(), e);
      write(ctx, 500, "internal", "internal error");
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        write(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> write(ctx, 405, "method_not_allowed", "method not allowed"));
    app.error(413, ctx -> write(ctx, 413, "too_large", "request body is too large"));
  }

  private void write(Context ctx, int status, String code, String message) {
    ctx.status(status).json(new ErrorBody(code, message, clock.instant()));
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 413 -> "too_large";
      default -> "http_" + status;
    };
  }
}
