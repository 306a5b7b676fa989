package no.klipp.terminal.nfc;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import no.klipp.terminal.scan.ReadProblem;

/**
 * A USB PC/SC reader (ACR122U and alike) through {@code javax.smartcardio}; on a Pi this needs
 * {@code pcscd} running. Uses the PC/SC pseudo-APDUs: GET DATA (FF CA) for the UID and READ BINARY
 * (FF B0) for four pages of a Type 2 tag at a time.
 */
public final class PcscPoller implements TagPoller {

  private static final int SW_OK = 0x9000;

  /** Finds the reader; throws with the reason when there is none (yet). */
  @FunctionalInterface
  interface Finder {
    CardTerminal find();
  }

  private final Finder finder;
  private final String name;
  private CardTerminal terminal;

  /** A poller on {@code terminal}. */
  public PcscPoller(CardTerminal terminal) {
    Objects.requireNonNull(terminal, "terminal == null");
    this.finder = () -> terminal;
    this.name = terminal.getName();
  }

  PcscPoller(Finder finder, String name) {
    this.finder = finder;
    this.name = name;
  }

  /**
   * The first reader whose name contains {@code nameContains} (any reader when blank), looked up
   * at each poll until it is there: a USB reader may be plugged in after the terminal started.
   */
  public static PcscPoller find(String nameContains) {
    Finder finder = () -> {
      List<CardTerminal> terminals;
      try {
        terminals = TerminalFactory.getDefault().terminals().list();
      } catch (CardException | RuntimeException e) {
        throw new IllegalStateException(
            "no PC/SC service (is pcscd running, libpcsclite installed?): " + e.getMessage(), e);
      }
      return choose(terminals, nameContains);
    };
    String wanted = nameContains == null || nameContains.isBlank() ? "any reader" : "'" + nameContains.strip() + "'";
    return new PcscPoller(finder, "PC/SC " + wanted);
  }

  static CardTerminal choose(List<CardTerminal> terminals, String nameContains) {
    String wanted = nameContains == null ? "" : nameContains.strip();
    return terminals.stream()
        .filter(t -> t.getName().contains(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no PC/SC reader"
                        + (wanted.isEmpty() ? "" : " named like '" + wanted + "'")
                        + "; readers: "
                        + terminals.stream().map(CardTerminal::getName).toList()));
  }

  @Override
  public TagRead poll() {
    if (terminal == null) {
      try {
        terminal = finder.find();
      } catch (IllegalStateException e) {
        return TagRead.failed(ReadProblem.READER_FAULT, e.getMessage());
      }
    }
    try {
      if (!terminal.isCardPresent()) {
        return TagRead.empty();
      }
    } catch (CardException | IllegalStateException e) {
      terminal = null; // look it up again: unplugged readers come back under a new handle
      return TagRead.failed(ReadProblem.READER_FAULT, "reader gone: " + e.getMessage());
    }
    Card card;
    try {
      card = terminal.connect("*");
    } catch (CardNotPresentException e) {
      return TagRead.empty();
    } catch (CardException e) {
      return TagRead.failed(ReadProblem.CARD_REMOVED, "connect: " + e.getMessage());
    }
    try {
      return read(card.getBasicChannel());
    } finally {
      try {
        card.disconnect(false);
      } catch (CardException e) {
        // The card is gone already.
      }
    }
  }

  private static TagRead read(CardChannel channel) {
    byte[] uid;
    try {
      ResponseAPDU r = channel.transmit(new CommandAPDU(0xFF, 0xCA, 0x00, 0x00, 256));
      if (r.getSW() != SW_OK || r.getData().length == 0) {
        return TagRead.failed(ReadProblem.CARD_REMOVED, "no UID, SW " + Integer.toHexString(r.getSW()));
      }
      uid = r.getData();
    } catch (CardException e) {
      return TagRead.failed(ReadProblem.CARD_REMOVED, "UID: " + e.getMessage());
    }
    PageReader pages =
        page -> {
          try {
            ResponseAPDU r = channel.transmit(new CommandAPDU(0xFF, 0xB0, 0x00, page, 16));
            if (r.getSW() != SW_OK || r.getData().length < 16) {
              throw new PageReader.TagGoneException(
                  "page " + page + ": SW " + Integer.toHexString(r.getSW()));
            }
            return Arrays.copyOf(r.getData(), 16);
          } catch (CardException | IllegalStateException e) {
            throw new PageReader.TagGoneException("page " + page + ": " + e.getMessage());
          }
        };
    try {
      Optional<byte[]> payload = Ndef.readMessage(pages).flatMap(Ndef::credential);
      return payload
          .<TagRead>map(p -> new TagRead.Tag(uid, p))
          .orElseGet(() -> new TagRead.Failed(ReadProblem.NO_CREDENTIAL, uid, "no credential record"));
    } catch (PageReader.TagGoneException e) {
      return new TagRead.Failed(ReadProblem.CARD_REMOVED, uid, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "PcscPoller[" + name + "]";
  }
}
