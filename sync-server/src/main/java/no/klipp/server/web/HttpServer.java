package no.klipp.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.auth.Gatekeeper;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/** The Javalin server: JSON by the protocol's mapper, size limits, the gatekeeper, the server time on every answer. */
public final class HttpServer {

  /** Largest request body: a full batch of visits fits well below it. */
  public static final long MAX_REQUEST_BYTES = 8L * 1024 * 1024;

  /** A route as Javalin reports it registered. */
  public record Registered(String method, String path) {}

  private final Javalin app;
  private final List<Route> routes;
  private final List<Registered> registered = Collections.synchronizedList(new ArrayList<>());

  /** Connections waiting to be accepted that the kernel keeps (it caps this at net.core.somaxconn). */
  static final int ACCEPT_QUEUE = 1024;

  public HttpServer(Api api, Gatekeeper gatekeeper, Errors errors, ObjectMapper mapper, Clock clock) {
    this(api, List.of(), gatekeeper, errors, mapper, clock);
  }

  /**
   * With {@code pages} besides the API: the dashboard's HTML routes, declared in their own block
   * ({@code no.klipp.server.dashboard.Dashboard}); they check their own cookie sessions and are
   * not part of the API ({@link #routes}, {@link #registered} and the API document leave them out).
   */
  public HttpServer(Api api, List<Route> pages, Gatekeeper gatekeeper, Errors errors, ObjectMapper mapper,
      Clock clock) {
    routes = api.routes();
    java.util.Set<String> pagePaths = new java.util.HashSet<>();
    pages.forEach(p -> pagePaths.add(p.path()));
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      // A request waits most of its time on the database; when hundreds of terminals sync at once,
      // virtual threads wait for it at less CPU than hundreds of platform threads (sync-load: the
      // machine's CPU per sync 13 % lower).
      config.useVirtualThreads = true;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
          new org.eclipse.jetty.servlet.FilterHolder(new BodyLimit(MAX_REQUEST_BYTES)), "/*",
          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
      // For the pages; the terminals' answers gzip themselves (JsonAnswer), at the same level.
      config.http.gzipOnlyCompression(JsonAnswer.GZIP_LEVEL);
      config.http.defaultContentType = "application/json";
      // Terminals sync on timers, so hundreds may connect in the same instant. Jetty's default
      // listen backlog (the JDK's 50) would drop the rest of their handshakes, and each of those
      // would wait a full second before its retry: ask the kernel for a longer queue instead.
      config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
          for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector connector) {
              connector.setAcceptQueueSize(ACCEPT_QUEUE);
            }
          }
        }
      }));
      config.events.handlerAdded(info -> {
        if (info.getHttpMethod().isHttpMethod() && !pagePaths.contains(info.getPath())) {
          registered.add(new Registered(info.getHttpMethod().name(), info.getPath()));
        }
      });
      config.router.mount(router -> {
        router.before(ctx -> ctx.header(ApiPaths.SERVER_TIME_HEADER, clock.instant().toString()));
        router.beforeMatched(gatekeeper::check);
        List<Route> all = new ArrayList<>(api.routes());
        all.addAll(pages);
        for (Route r : all) {
          router.addHttpHandler(r.method(), r.path(), r.handler(), r.roles().toArray(new io.javalin.security.RouteRole[0]));
        }
      });
    });
    errors.install(app);
  }

  /** Starts listening on {@code port} (0: any free port). */
  public HttpServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** The routes as declared. */
  public List<Route> routes() {
    return routes;
  }

  /** The HTTP routes Javalin registered, as it reported them. */
  public List<Registered> registered() {
    return List.copyOf(registered);
  }

  public void stop() {
    app.stop();
  }
}
