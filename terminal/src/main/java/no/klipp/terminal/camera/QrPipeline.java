package no.klipp.terminal.camera;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Decoders tried in order until one finds a code: a cheap first attempt, a second only when needed. */
public final class QrPipeline implements QrDecoder {

  private final List<QrDecoder> stages;

  /** Tries {@code stages} in order. */
  public QrPipeline(List<QrDecoder> stages) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("no stages");
    }
    this.stages = List.copyOf(stages);
  }

  @Override
  public Optional<String> decode(LumaFrame frame) {
    Objects.requireNonNull(frame, "frame == null");
    for (QrDecoder stage : stages) {
      Optional<String> text = stage.decode(frame);
      if (text.isPresent()) {
        return text;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return stages.stream().map(Object::toString).collect(Collectors.joining("+"));
  }
}
