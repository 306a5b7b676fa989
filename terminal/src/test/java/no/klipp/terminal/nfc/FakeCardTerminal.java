package no.klipp.terminal.nfc;

import java.nio.ByteBuffer;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** A PC/SC reader like an ACR122U, answering the pseudo-APDUs for a Type 2 tag lying on it. */
final class FakeCardTerminal extends CardTerminal {

  Type2Tag tag;
  int readsBeforeRemoval = -1;
  boolean unplugged;
  int connects;
  int disconnects;

  @Override
  public String getName() {
    return "ACS ACR122U PICC Interface 00 00";
  }

  @Override
  public Card connect(String protocol) throws CardException {
    if (tag == null) {
      throw new CardNotPresentException("no card");
    }
    connects++;
    return new FakeCard();
  }

  @Override
  public boolean isCardPresent() throws CardException {
    if (unplugged) {
      throw new CardException("SCARD_E_NO_READERS_AVAILABLE");
    }
    return tag != null;
  }

  @Override
  public boolean waitForCardPresent(long timeout) {
    return tag != null;
  }

  @Override
  public boolean waitForCardAbsent(long timeout) {
    return tag == null;
  }

  private final class FakeCard extends Card {
    @Override
    public ATR getATR() {
      return new ATR(new byte[] {0x3B, (byte) 0x8F, (byte) 0x80, 0x01});
    }

    @Override
    public String getProtocol() {
      return "T=1";
    }

    @Override
    public CardChannel getBasicChannel() {
      return new FakeChannel(this);
    }

    @Override
    public CardChannel openLogicalChannel() throws CardException {
      throw new CardException("not supported");
    }

    @Override
    public void beginExclusive() {}

    @Override
    public void endExclusive() {}

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
      throw new CardException("not supported");
    }

    @Override
    public void disconnect(boolean reset) {
      disconnects++;
    }
  }

  private final class FakeChannel extends CardChannel {
    private final Card card;

    FakeChannel(Card card) {
      this.card = card;
    }

    @Override
    public Card getCard() {
      return card;
    }

    @Override
    public int getChannelNumber() {
      return 0;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws CardException {
      if (tag == null) {
        throw new CardException("SCARD_W_REMOVED_CARD");
      }
      if (command.getCLA() == 0xFF && command.getINS() == 0xCA) {
        return ok(tag.uid);
      }
      if (command.getCLA() == 0xFF && command.getINS() == 0xB0) {
        if (readsBeforeRemoval == 0) {
          tag = null;
          return new ResponseAPDU(new byte[] {0x63, 0x00});
        }
        if (readsBeforeRemoval > 0) {
          readsBeforeRemoval--;
        }
        return ok(tag.read(command.getP2()));
      }
      return new ResponseAPDU(new byte[] {0x6A, (byte) 0x81});
    }

    @Override
    public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
      throw new CardException("not supported");
    }

    @Override
    public void close() {}

    private ResponseAPDU ok(byte[] data) {
      byte[] out = new byte[data.length + 2];
      System.arraycopy(data, 0, out, 0, data.length);
      out[data.length] = (byte) 0x90;
      return new ResponseAPDU(out);
    }
  }
}
