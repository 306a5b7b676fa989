package no.klipp.server.scheme;

import io.javalin.http.Context;
import no.klipp.server.auth.Access;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Body;
import no.klipp.server.web.Params;

/** A scheme's settings and issuing keys, for its own administrators. */
public final class SchemeController {

  private final SchemeService schemes;
  private final Body body;

  public SchemeController(SchemeService schemes, Body body) {
    this.schemes = schemes;
    this.body = body;
  }

  public void get(Context ctx) {
    long id = Params.id(ctx, "schemeId");
    Access.scheme(ctx, id);
    ctx.json(schemes.get(id));
  }

  public void update(Context ctx) {
    long id = Params.id(ctx, "schemeId");
    Access.scheme(ctx, id);
    ctx.json(schemes.update(id, body.read(ctx, SchemeRequest.class)));
  }

  public void keys(Context ctx) {
    long id = Params.id(ctx, "schemeId");
    Access.scheme(ctx, id);
    ctx.json(schemes.keys(id));
  }

  public void rotateKey(Context ctx) {
    long id = Params.id(ctx, "schemeId");
    Access.scheme(ctx, id);
    ctx.json(schemes.rotateKey(id));
  }

  public void retireKey(Context ctx) {
    long id = Params.id(ctx, "schemeId");
    Access.scheme(ctx, id);
    long keyId = Params.id(ctx, "keyId");
    if (keyId > no.klipp.protocol.card.Credential.MAX_KEY_ID) {
      // Not cast down: a larger number would wrap onto a real key's id.
      throw ApiException.notFound("key " + keyId + " of scheme " + id);
    }
    ctx.json(schemes.retireKey(id, (int) keyId));
  }
}
