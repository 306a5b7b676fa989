package no.klipp.demo;

import java.util.List;

/** The demo data's manifest as {@code sync-server demo-data} writes it (the fields the demo reads). */
record Manifest(long schemeId, String schemeName, String adminUser, String adminPassword, List<Terminal> terminals,
    List<Card> cards) {

  /** A registered terminal, whether it is a staffed desk (run with the staff screen), and its one-time code. */
  record Terminal(String name, String venueId, String venueName, boolean staffed, String code) {}

  /** A card's number and QR credential, and whether it was revoked. */
  record Card(String number, String credential, boolean revoked) {}
}
