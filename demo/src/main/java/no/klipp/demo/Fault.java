package no.klipp.demo;

/** What the {@link FaultProxy} does to one HTTP exchange. */
public enum Fault {
  /** Passes the request and the answer through unchanged. */
  NONE,
  /** Closes the connection after reading the request; the server never sees it. */
  DROP_REQUEST,
  /** The server handles the request; its answer is thrown away and the connection closed. */
  DROP_RESPONSE,
  /** The server handles the request; its answer is held back longer than the client waits. */
  DELAY,
  /** The server handles the request; only the first part of its answer is passed on. */
  TRUNCATE,
  /** The server handles the request; some bytes of its answer's body are changed. */
  GARBLE,
  /** The request reaches the server twice; the second answer is passed on. */
  DUPLICATE,
  /** The connection is reset (TCP RST) before the request is passed on. */
  RESET,
  /** The server handles the request, then the connection is reset instead of answered. */
  RESET_AFTER
}
