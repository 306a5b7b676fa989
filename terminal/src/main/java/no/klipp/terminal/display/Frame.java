package no.klipp.terminal.display;

/** One Server-Sent Events message: an optional id, the event name and one line of JSON. */
record Frame(String id, String event, String json) {

  /** A comment line that keeps idle connections open and lets either side notice a dead one. */
  static final Frame KEEP_ALIVE = new Frame(null, null, null);

  /** The message as it goes on the wire. */
  String wire() {
    if (event == null) {
      return ": keep-alive\n\n";
    }
    StringBuilder out = new StringBuilder(json.length() + 64);
    if (id != null) {
      out.append("id: ").append(id).append('\n');
    }
    // Jackson writes JSON on one line, so a single data field carries it whole.
    return out.append("event: ").append(event).append('\n').append("data: ").append(json).append("\n\n").toString();
  }
}
