package no.klipp.server.dashboard;

/** A dashboard page: answers one request. */
@FunctionalInterface
interface PageHandler {
  void handle(Req req) throws Exception;
}
