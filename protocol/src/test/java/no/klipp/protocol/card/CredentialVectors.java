package no.klipp.protocol.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The shared credential test vectors ({@code credential-vectors.json} in protocol's test
 * resources): valid and invalid credentials with the expected outcome. Every module that parses
 * credentials runs them through its own parsing path with {@link #load()}.
 *
 * <p>{@link #main} regenerates the file; Ed25519 is deterministic, so the output is stable.
 */
public final class CredentialVectors {

  /** The resource name of the vectors file. */
  public static final String RESOURCE = "/credential-vectors.json";

  /**
   * One vector: the input, and either {@code VALID} with the expected credential (and, for the QR
   * form, its fingerprint) or a reject reason.
   */
  public record Vector(
      String name, String form, String text, byte[] payload, byte[] uid, String expect,
      Optional<Credential> credential, Optional<String> fingerprint) {

    /** The input as a QR text; for vectors of form "qr". */
    public String qrText() {
      return text;
    }

    /** True when this vector must parse and verify. */
    public boolean valid() {
      return expect.equals("VALID");
    }
  }

  /** The vectors file: trusted keys and vectors. */
  public record Vectors(IssuerKeyring keyring, List<IssuerKeyring.Entry> keys, List<Vector> vectors) {}

  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CredentialVectors() {}

  /** Loads the vectors from the test classpath. */
  public static Vectors load() {
    try (InputStream in = CredentialVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return parse(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Vectors parse(JsonNode root) {
    List<IssuerKeyring.Entry> keys = new ArrayList<>();
    for (JsonNode k : root.get("keys")) {
      keys.add(IssuerKeyring.Entry.ofBase64(k.get("schemeId").asLong(), k.get("keyId").asInt(), k.get("publicKey").asText()));
    }
    List<Vector> vectors = new ArrayList<>();
    for (JsonNode v : root.get("vectors")) {
      String text = v.has("text") ? v.get("text").asText() : null;
      if (text != null && v.has("repeat")) {
        text = text.repeat(v.get("repeat").asInt());
      }
      byte[] payload = v.has("payloadHex") ? HEX.parseHex(v.get("payloadHex").asText()) : null;
      byte[] uid = v.has("uidHex") ? HEX.parseHex(v.get("uidHex").asText()) : null;
      Optional<Credential> credential = Optional.empty();
      Optional<String> fingerprint = Optional.empty();
      if (v.has("credential")) {
        JsonNode c = v.get("credential");
        credential = Optional.of(new Credential(
            c.get("schemeId").asLong(), new CardNumber(c.get("cardNumber").asText()), c.get("serial").asInt(),
            LocalDate.parse(c.get("issuedOn").asText()), c.get("keyId").asInt(),
            CredentialForm.valueOf(v.get("form").asText().toUpperCase(java.util.Locale.ROOT))));
        fingerprint = Optional.ofNullable(c.get("fingerprint")).map(JsonNode::asText);
      }
      vectors.add(new Vector(v.get("name").asText(), v.get("form").asText(), text, payload, uid,
          v.get("expect").asText(), credential, fingerprint));
    }
    return new Vectors(IssuerKeyring.of(keys), List.copyOf(keys), List.copyOf(vectors));
  }

  /** The vectors file's content, generated from the fixed test keys. */
  static ObjectNode generate() {
    IssuingKey k1 = TestKeys.key(TestKeys.SCHEME, 1);
    IssuingKey k2 = TestKeys.key(TestKeys.SCHEME, 2);
    IssuingKey other = TestKeys.key(TestKeys.OTHER_SCHEME, 1);
    IssuingKey untrusted = TestKeys.key(TestKeys.SCHEME, 7);
    LocalDate issued = LocalDate.of(2026, 1, 5);
    CardNumber card = CardNumber.fromSerial(123_456_789);
    Credential qr = new Credential(TestKeys.SCHEME, card, 1, issued, 1, CredentialForm.QR);
    Credential qr2 = new Credential(TestKeys.SCHEME, CardNumber.fromSerial(5), 3, issued, 2, CredentialForm.QR);
    Credential qrOther = new Credential(TestKeys.OTHER_SCHEME, CardNumber.fromSerial(999_999_999), 65535,
        LocalDate.of(2026, 8, 1), 1, CredentialForm.QR);
    Credential nfc = qr.withForm(CredentialForm.NFC);
    byte[] uid7 = HEX.parseHex("04a1b2c3d4e5f6");
    byte[] uid4 = HEX.parseHex("de adbeef".replace(" ", ""));

    ObjectNode root = MAPPER.createObjectNode();
    root.put("description", "Klipp card credential v1 test vectors. Keys are test keys with public seeds "
        + "(see TestKeys); never use them for a real scheme. Regenerate with CredentialVectors.main.");
    ArrayNode keys = root.putArray("keys");
    for (IssuingKey k : List.of(k1, k2, other)) {
      keys.addObject().put("schemeId", k.schemeId()).put("keyId", k.keyId())
          .put("publicKey", k.publicEntry().publicKeyBase64());
    }
    ArrayNode v = root.putArray("vectors");
    String good = CredentialCodec.issueQr(qr, k1);
    byte[] goodBytes = decode(good);

    valid(v, "valid QR, key 1", qr, good);
    valid(v, "valid QR, key 2 (rotation: two keys of one scheme at once)", qr2, CredentialCodec.issueQr(qr2, k2));
    valid(v, "valid QR, another scheme, largest serial and card number", qrOther, CredentialCodec.issueQr(qrOther, other));
    validNfc(v, "valid NFC, 7-byte UID", nfc, CredentialCodec.issueNfc(nfc, k1, uid7), uid7);
    validNfc(v, "valid NFC, 4-byte UID", nfc, CredentialCodec.issueNfc(nfc, k1, uid4), uid4);

    qrReject(v, "empty", "", "EMPTY");
    qrReject(v, "longer than any card", "KL1:" + "A".repeat(CredentialCodec.MAX_TEXT_LENGTH), "TOO_LONG");
    v.addObject().put("name", "10 MB of text").put("form", "qr").put("text", "0123456789")
        .put("repeat", 1_000_000).put("expect", "TOO_LONG");
    qrReject(v, "a web address", "https://example.org/ticket/123", "WRONG_PREFIX");
    qrReject(v, "an EU COVID certificate", "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC", "WRONG_PREFIX");
    qrReject(v, "lower-case prefix", "kl1:" + good.substring(4), "WRONG_PREFIX");
    qrReject(v, "binary bytes", "\u0000\u00ff\u0001KL1:\u0007", "WRONG_PREFIX");
    qrReject(v, "prefix only", "KL1", "WRONG_PREFIX");
    qrReject(v, "prefix without version", "KL:" + good.substring(4), "WRONG_PREFIX");
    qrReject(v, "future version 2", "KL2:" + good.substring(4), "UNKNOWN_VERSION");
    qrReject(v, "version 12", "KL12:" + good.substring(4), "UNKNOWN_VERSION");
    qrReject(v, "lower-case Base45", "KL1:" + good.substring(4).toLowerCase(java.util.Locale.ROOT), "BAD_ENCODING");
    qrReject(v, "impossible Base45 length", good + "A", "BAD_ENCODING");
    qrReject(v, "trailing newline", good + "\n", "BAD_ENCODING");
    qrReject(v, "Base45 triple above 65535", "KL1:GGW" + good.substring(7), "BAD_ENCODING");
    qrReject(v, "truncated to 60 bytes", "KL1:" + Base45.encode(java.util.Arrays.copyOf(goodBytes, 60)), "TRUNCATED");
    qrReject(v, "prefix and nothing", "KL1:", "TRUNCATED");
    qrReject(v, "one byte too many", "KL1:" + Base45.encode(java.util.Arrays.copyOf(goodBytes, 81)), "TRAILING_DATA");
    qrReject(v, "inner version byte 2", "KL1:" + Base45.encode(with(goodBytes, 0, 2)), "UNKNOWN_VERSION");
    qrReject(v, "unknown form byte", "KL1:" + Base45.encode(with(goodBytes, 1, 9)), "BAD_FIELD");
    qrReject(v, "card number check digit wrong", "KL1:" + Base45.encode(with(goodBytes, 10, goodBytes[10] ^ 1)), "BAD_FIELD");
    qrReject(v, "NFC credential shown as QR", "KL1:" + Base45.encode(CredentialCodec.issueNfc(nfc, k1, uid7)), "WRONG_FORM");
    Credential untrustedCred = new Credential(TestKeys.SCHEME, card, 1, issued, 7, CredentialForm.QR);
    qrReject(v, "key id not trusted", CredentialCodec.issueQr(untrustedCred, untrusted), "UNKNOWN_KEY");
    Credential foreign = new Credential(9999, card, 1, issued, 1, CredentialForm.QR);
    qrReject(v, "scheme not trusted", CredentialCodec.issueQr(foreign, TestKeys.key(9999, 1)), "UNKNOWN_KEY");
    qrReject(v, "signature bit flipped", "KL1:" + Base45.encode(with(goodBytes, 40, goodBytes[40] ^ 0x10)), "BAD_SIGNATURE");
    qrReject(v, "serial raised without re-signing", "KL1:" + Base45.encode(with(goodBytes, 12, 2)), "BAD_SIGNATURE");
    byte[] signedByOneClaimsTwo = with(decode(CredentialCodec.issueQr(qr, k1)), 15, 2);
    qrReject(v, "signed by key 1, claims key 2", "KL1:" + Base45.encode(signedByOneClaimsTwo), "BAD_SIGNATURE");

    byte[] onTag = CredentialCodec.issueNfc(nfc, k1, uid7);
    nfcReject(v, "NFC data copied onto another tag", onTag, HEX.parseHex("04a1b2c3d4e5f7"), "BAD_SIGNATURE");
    nfcReject(v, "NFC empty tag", new byte[0], uid7, "EMPTY");
    nfcReject(v, "NFC truncated read", java.util.Arrays.copyOf(onTag, 48), uid7, "TRUNCATED");
    nfcReject(v, "NFC QR credential written to a tag", goodBytes, uid7, "WRONG_FORM");
    nfcReject(v, "NFC UID longer than any tag", onTag, new byte[11], "BAD_FIELD");
    nfcReject(v, "NFC oversized payload", new byte[4096], uid7, "TOO_LONG");
    return root;
  }

  private static void valid(ArrayNode v, String name, Credential c, String text) {
    ObjectNode o = v.addObject().put("name", name).put("form", "qr").put("text", text).put("expect", "VALID");
    credential(o, c);
    ((ObjectNode) o.get("credential")).put("fingerprint", CredentialCodec.fingerprint(text));
  }

  private static void validNfc(ArrayNode v, String name, Credential c, byte[] payload, byte[] uid) {
    ObjectNode o = v.addObject().put("name", name).put("form", "nfc")
        .put("payloadHex", HEX.formatHex(payload)).put("uidHex", HEX.formatHex(uid)).put("expect", "VALID");
    credential(o, c);
  }

  private static void credential(ObjectNode o, Credential c) {
    o.putObject("credential").put("schemeId", c.schemeId()).put("cardNumber", c.cardNumber().digits())
        .put("serial", c.serial()).put("issuedOn", c.issuedOn().toString()).put("keyId", c.keyId());
  }

  private static void qrReject(ArrayNode v, String name, String text, String reason) {
    v.addObject().put("name", name).put("form", "qr").put("text", text).put("expect", reason);
  }

  private static void nfcReject(ArrayNode v, String name, byte[] payload, byte[] uid, String reason) {
    v.addObject().put("name", name).put("form", "nfc").put("payloadHex", HEX.formatHex(payload))
        .put("uidHex", HEX.formatHex(uid)).put("expect", reason);
  }

  private static byte[] decode(String qrText) {
    String body = qrText.substring(CredentialCodec.PREFIX.length());
    byte[] out = new byte[Base45.decodedLength(body.length())];
    if (!Base45.decode(body, 0, body.length(), out)) {
      throw new IllegalStateException("generator produced bad Base45");
    }
    return out;
  }

  private static byte[] with(byte[] data, int index, int value) {
    byte[] copy = data.clone();
    copy[index] = (byte) value;
    return copy;
  }

  /** The generated file's text. */
  static String render() throws IOException {
    return MAPPER.writeValueAsString(generate()) + "\n";
  }

  /** Regenerates {@code protocol/src/test/resources/credential-vectors.json} (run from the repository root). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "protocol/src/test/resources/credential-vectors.json");
    Files.writeString(out, render());
    System.out.println("wrote " + out);
  }
}
