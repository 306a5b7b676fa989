package no.klipp.server.visit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import no.klipp.protocol.sync.VisitKind;

/** A stored visit as the administration API lists it; no card number, so venue staff never see one. */
public record VisitView(
    UUID id,
    VisitKind kind,
    String offerId,
    String terminalId,
    Instant terminalTime,
    Instant receivedAt,
    int companions,
    List<String> flags) {}
