package no.klipp.terminal.camera;

/** An image for decoder tests: the text it shows, or null when it shows no code. */
record QrSample(String name, String group, LumaFrame frame, String expected) {

  boolean hasCode() {
    return expected != null;
  }
}
