package no.klipp.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the routes, made from the same list the server registers, so the
 * two cannot drift; a test holds the document against what Javalin reports it registered.
 */
public final class OpenApi {

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

  private OpenApi() {}

  /** The document for {@code routes}. */
  public static ObjectNode document(List<Route> routes, ObjectMapper mapper) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Klipp sync server API");
    info.put("version", "1");
    info.put("description", "Administration of leisure card schemes, and terminal sync. Errors are ErrorBody"
        + " {code, message, serverTime}; every response carries the X-Klipp-Server-Time header.");
    ObjectNode schemes = doc.putObject("components").putObject("securitySchemes");
    schemes.putObject("session").put("type", "http").put("scheme", "bearer")
        .put("description", "A session token from POST /api/v1/auth/login");
    schemes.putObject("terminal").put("type", "http").put("scheme", "bearer")
        .put("description", "A terminal token from enrollment");
    ObjectNode paths = doc.putObject("paths");
    for (Route r : routes) {
      ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
      ObjectNode op = path.putObject(r.method().name().toLowerCase(Locale.ROOT));
      op.put("summary", r.summary());
      ArrayNode roles = op.putArray("x-roles");
      r.roles().stream().map(RouteRole::toString).sorted().forEach(roles::add);
      if (r.roles().stream().noneMatch(role -> role.toString().equals("PUBLIC"))) {
        boolean terminal = r.roles().stream().anyMatch(role -> role.toString().equals("TERMINAL"));
        op.putArray("security").addObject().putArray(terminal ? "terminal" : "session");
      }
      Matcher m = PARAM.matcher(r.path());
      ArrayNode params = null;
      while (m.find()) {
        if (params == null) {
          params = op.putArray("parameters");
        }
        ObjectNode p = params.addObject();
        p.put("name", m.group(1)).put("in", "path").put("required", true);
        p.putObject("schema").put("type", "string");
      }
      if (!r.body().isEmpty()) {
        requestBody(op, r.body());
      }
      op.putObject("responses").putObject(Integer.toString(r.status()))
          .put("description", HttpStatus.forStatus(r.status()).getMessage());
    }
    return doc;
  }

  /** A JSON object body with {@code fields}; others are ignored, as the server reads bodies. */
  private static void requestBody(ObjectNode op, List<RequestField> fields) {
    ObjectNode body = op.putObject("requestBody");
    body.put("required", true);
    ObjectNode schema = body.putObject("content").putObject("application/json").putObject("schema");
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (RequestField f : fields) {
      properties.putObject(f.name()).put("type", f.type()).put("description", f.description());
      if (f.required()) {
        required.add(f.name());
      }
    }
  }
}
