package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;

/** The API document and the routes the server really registered agree, both ways. */
class OpenApiTest {

  @Test
  void documentMatchesTheRegisteredRoutesBothWays() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      Client.Response r = ts.client.get(ApiPaths.ROOT + "/openapi.json", null);
      assertEquals(200, r.status());
      JsonNode doc = r.tree();
      assertEquals("3.1.0", doc.get("openapi").asText());
      Set<String> documented = new TreeSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
        Map.Entry<String, JsonNode> p = paths.next();
        p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
      }
      Set<String> registered = new TreeSet<>();
      for (HttpServer.Registered reg : ts.server.http.registered()) {
        registered.add(reg.method() + " " + reg.path());
      }
      assertFalse(registered.isEmpty());
      assertEquals(registered, documented);
      for (String sync : new String[] {ApiPaths.ENROLL, ApiPaths.VISITS, ApiPaths.LEDGER_SNAPSHOT,
          ApiPaths.LEDGER_DELTA}) {
        assertTrue(documented.stream().anyMatch(d -> d.endsWith(" " + sync)), sync);
      }
      assertTrue(registered.stream().allMatch(p -> p.contains(" " + ApiPaths.ROOT + "/")), "all under /api/v1");
    }
  }
}
