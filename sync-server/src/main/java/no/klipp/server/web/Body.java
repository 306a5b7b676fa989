package no.klipp.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** Reads JSON request bodies; anything unreadable is a 400 with the parser's reason. */
public final class Body {

  private final ObjectMapper mapper;

  public Body(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The body as a {@code type}, never null. */
  public <T> T read(Context ctx, Class<T> type) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      throw new ApiException(400, "bad_json", "request body is empty");
    }
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw new ApiException(400, "bad_json", "request body is null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "bad_json", "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "bad_json", "request body could not be read");
    }
  }
}
