package no.klipp.terminal.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import no.klipp.protocol.sync.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the screens show now, and the pages connected to it. Validation and sync call {@link #show}
 * and {@link #status}; every connected page gets the change at once.
 *
 * <p>On the entrance screen the holder's name and birth year are removed here, before anything is
 * serialised, so they never leave the agent.
 */
public final class Display {

  private static final Logger log = LoggerFactory.getLogger(Display.class);
  /** Pages that fall this far behind are dropped; they reconnect and get the current screen. */
  private static final int QUEUE_LIMIT = 64;

  private final DisplayMode mode;
  private final BooleanSupplier staffed;
  private final ObjectMapper json = Json.mapper();
  private final String boot;
  private final Set<Subscription> pages = ConcurrentHashMap.newKeySet();
  private long sequence;
  private Frame screen;
  private StatusView statusView = StatusView.UNKNOWN;
  private Frame status;
  /** The mode the pages were last told of. */
  private DisplayMode shown;

  /** A display in {@code mode}; {@code random} names this run so pages tell its events from an earlier run's. */
  public Display(DisplayMode mode, RandomGenerator random) {
    this(mode, random, () -> true);
  }

  /**
   * A display made for {@code mode} that shows the staff screen only while {@code staffed} says the
   * terminal is a staffed desk (the server's word, from the ledger); the entrance screen otherwise.
   */
  public Display(DisplayMode mode, RandomGenerator random, BooleanSupplier staffed) {
    this.mode = Objects.requireNonNull(mode, "mode == null");
    this.staffed = Objects.requireNonNull(staffed, "staffed == null");
    this.boot = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    this.shown = effective(staffed.getAsBoolean());
    this.status = frame(null, statusView);
  }

  /** The mode this display was made for. */
  public DisplayMode mode() {
    return mode;
  }

  /**
   * The mode the screen is in now: the staff screen only while the terminal is a staffed desk. When
   * that changes (a desk marked unattended on the server), the last verdict is forgotten and every
   * page is told the new mode, and reloads as that screen: no name and no refusal's reason stays
   * before the next child.
   */
  public DisplayMode current() {
    boolean desk = staffed.getAsBoolean(); // the ledger is read outside this display's lock
    synchronized (this) {
      follow(effective(desk));
      return shown;
    }
  }

  private DisplayMode effective(boolean desk) {
    return mode == DisplayMode.STAFF && desk ? DisplayMode.STAFF : DisplayMode.ENTRANCE;
  }

  private void follow(DisplayMode now) {
    if (now == shown) {
      return;
    }
    log.warn("The display changes from the {} screen to the {} screen: the server has this terminal registered as {}",
        shown, now, now == DisplayMode.STAFF ? "a staffed desk" : "unattended");
    shown = now;
    screen = null;
    status = frame(null, statusView);
    broadcast(status);
  }

  /** Shows a verdict or an undone visit on every page; returns the event id the pages receive. */
  public String show(DisplayEvent event) {
    Objects.requireNonNull(event, "event == null");
    if (event instanceof StatusView view) {
      status(view);
      return null;
    }
    boolean desk = staffed.getAsBoolean();
    synchronized (this) {
      follow(effective(desk));
      if (shown == DisplayMode.ENTRANCE && event instanceof VerdictView verdict) {
        event = verdict.withoutHolder();
      }
      String id = boot + "-" + (++sequence);
      screen = frame(id, event);
      broadcast(screen);
      return id;
    }
  }

  /** Updates the status line on every page (and, with it, the mode they are in). */
  public void status(StatusView view) {
    Objects.requireNonNull(view, "view == null");
    boolean desk = staffed.getAsBoolean();
    synchronized (this) {
      statusView = view;
      follow(effective(desk));
      // No id: a status change must not make a reconnecting page miss the verdict it has not seen.
      status = frame(null, view);
      broadcast(status);
    }
  }

  /** Number of pages connected now. */
  public int pages() {
    return pages.size();
  }

  /**
   * Connects a page. It gets the status at once and, on the staff screen, the current verdict
   * unless {@code lastEventId} says it has it already; the entrance screen never replays an old
   * verdict to the next child.
   */
  Subscription subscribe(String lastEventId) {
    boolean desk = staffed.getAsBoolean();
    synchronized (this) {
      follow(effective(desk));
      return subscribed(lastEventId);
    }
  }

  private Subscription subscribed(String lastEventId) {
    Subscription page = new Subscription();
    page.offer(status);
    if (shown == DisplayMode.STAFF && screen != null && !screen.id().equals(lastEventId)) {
      page.offer(screen);
    }
    pages.add(page);
    return page;
  }

  private void broadcast(Frame frame) {
    for (Subscription page : pages) {
      if (!page.offer(frame)) {
        log.warn("Display page too slow; dropping it so it reconnects");
        page.close();
      }
    }
  }

  private Frame frame(String id, DisplayEvent event) {
    ObjectNode node = json.valueToTree(event);
    node.put("type", event.type());
    if (event instanceof StatusView) {
      // A page made for another mode reloads (display.js).
      node.put("mode", shown.name().toLowerCase(java.util.Locale.ROOT));
    }
    try {
      return new Frame(id, event.type(), json.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + event.type(), e);
    }
  }

  /** One connected page's queue of frames still to send. */
  final class Subscription implements AutoCloseable {
    private static final Frame CLOSED = new Frame(null, "closed", "{}");
    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private volatile boolean open = true;

    boolean offer(Frame frame) {
      return open && queue.offer(frame);
    }

    /** The next frame, a keep-alive after {@code millis} of silence, or null once closed. */
    Frame next(long millis) throws InterruptedException {
      if (!open) {
        return null;
      }
      Frame frame = queue.poll(millis, TimeUnit.MILLISECONDS);
      if (frame == CLOSED || !open) {
        return null;
      }
      return frame == null ? Frame.KEEP_ALIVE : frame;
    }

    @Override
    public void close() {
      open = false;
      pages.remove(this);
      queue.clear();
      queue.offer(CLOSED);
    }
  }

  /** Closes every page's stream, e.g. when the server stops. */
  void closeAll() {
    for (Subscription page : pages) {
      page.close();
    }
  }
}
