package no.klipp.terminal.device;

import java.util.ArrayList;
import java.util.List;
import no.klipp.terminal.feedback.Feedback;
import no.klipp.terminal.scan.ScanSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The devices the factory made: feedback at the entrance, the readers, and what to close. */
public final class Devices implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Devices.class);

  private final Feedback feedback;
  private final ScanSource scans;
  private final List<String> description;
  private final List<AutoCloseable> resources;

  Devices(Feedback feedback, ScanSource scans, List<String> description, List<AutoCloseable> resources) {
    this.feedback = feedback;
    this.scans = scans;
    this.description = List.copyOf(description);
    this.resources = new ArrayList<>(resources);
  }

  /** Lights, buzzer, gate and display. */
  public Feedback feedback() {
    return feedback;
  }

  /** All readers together. */
  public ScanSource scans() {
    return scans;
  }

  /** Waits until the readers have nothing more to deliver (see {@link ScanSource#awaitEnd()}). */
  public void awaitEnd() throws InterruptedException {
    scans.awaitEnd();
  }

  /** One line per device, e.g. "nfc: PN532 on I2C bus 1 at 0x24", for the start-up log. */
  public List<String> description() {
    return description;
  }

  @Override
  public void close() {
    scans.close();
    feedback.close();
    for (AutoCloseable resource : resources.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", resource, e.toString());
      }
    }
  }
}
