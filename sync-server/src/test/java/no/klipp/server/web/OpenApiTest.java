package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
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

  @Test
  void terminalRegistrationDocumentsTheOptionalStaffedFlag() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      JsonNode schema = ts.client.get(ApiPaths.ROOT + "/openapi.json", null).tree().get("paths")
          .get(ApiPaths.ROOT + "/venues/{venueId}/terminals").get("post").get("requestBody").get("content")
          .get("application/json").get("schema");
      assertEquals("boolean", schema.get("properties").get("staffed").get("type").asText());
      assertTrue(schema.get("properties").get("staffed").get("description").asText().contains("Default false"));
      assertEquals("string", schema.get("properties").get("name").get("type").asText());
      List<String> required = new ArrayList<>();
      schema.get("required").forEach(n -> required.add(n.asText()));
      assertEquals(List.of("name"), required);
    }
  }

  /** What a successful call answered, against what the document says the route answers. */
  static List<String> disagreement(JsonNode doc, String method, String path, Client.Response real) {
    JsonNode responses = doc.get("paths").get(path).get(method).get("responses");
    List<String> codes = new ArrayList<>();
    responses.fieldNames().forEachRemaining(codes::add);
    return codes.equals(List.of(Integer.toString(real.status()))) ? List.of()
        : List.of(method + " " + path + ": documented " + codes + ", answered " + real.status());
  }

  @Test
  void theDocumentedStatusIsTheOneTheRouteAnswers() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      World w = new World(ts, "Røros");
      Client c = ts.client;
      JsonNode doc = c.get(ApiPaths.ROOT + "/openapi.json", null).tree();
      String scheme = "/api/v1/schemes/" + w.scheme.id();
      List<String> failures = new ArrayList<>();
      failures.addAll(disagreement(doc, "post", "/api/v1/schemes/{schemeId}/venues",
          c.post(scheme + "/venues", w.admin, Map.of("name", "Bad", "category", "POOL"))));
      failures.addAll(disagreement(doc, "post", "/api/v1/venues/{venueId}/offers",
          c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Popcorn"))));
      failures.addAll(disagreement(doc, "post", "/api/v1/venues/{venueId}/terminals",
          c.post("/api/v1/venues/" + w.venueId + "/terminals", w.admin, Map.of("name", "Kasse 2"))));
      failures.addAll(disagreement(doc, "post", "/api/v1/schemes/{schemeId}/cards",
          c.post(scheme + "/cards", w.admin, Map.of("firstName", "Liv", "birthYear", 2015))));
      failures.addAll(disagreement(doc, "post", "/api/v1/schemes/{schemeId}/cards/batch",
          c.post(scheme + "/cards/batch", w.admin, Map.of("cards", List.of(Map.of("firstName", "Liv",
              "birthYear", 2015))))));
      failures.addAll(disagreement(doc, "post", "/api/v1/schemes/{schemeId}/users",
          c.post(scheme + "/users", w.admin, Map.of("username", "nav", "password", "long enough password",
              "role", "CASEWORKER"))));
      failures.addAll(disagreement(doc, "post", "/api/v1/schemes/{schemeId}/keys",
          c.post(scheme + "/keys", w.admin, "{}")));
      failures.addAll(disagreement(doc, "put", "/api/v1/offers/{offerId}",
          c.put("/api/v1/offers/" + w.offerId, w.admin, Map.of("name", "Billett"))));
      failures.addAll(disagreement(doc, "get", "/api/v1/schemes/{schemeId}/venues",
          c.get(scheme + "/venues", w.admin)));
      failures.addAll(disagreement(doc, "post", "/api/v1/auth/logout", c.post("/api/v1/auth/logout", w.admin, null)));
      assertEquals(List.of(), failures);
    }
  }
}
