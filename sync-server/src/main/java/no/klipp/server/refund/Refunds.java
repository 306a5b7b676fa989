package no.klipp.server.refund;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The refund statement of a period: by venue, one line per offer, or one per set of terms when an
 * offer's terms changed during the period; and the total. {@code targetedByMonth} when the period
 * is not whole months and targeted offers are in it: their lines cover only its whole months.
 */
public record Refunds(LocalDate from, LocalDate to, List<RefundLine> lines, boolean targetedByMonth) {

  public Refunds {
    lines = List.copyOf(lines);
  }

  public long visits() {
    return lines.stream().mapToLong(RefundLine::visits).sum();
  }

  public long refundedCompanions() {
    return lines.stream().mapToLong(RefundLine::refundedCompanions).sum();
  }

  public long amountOre() {
    return lines.stream().mapToLong(RefundLine::amountOre).sum();
  }

  /** The offer a line is for, with the dates it covers when it is {@link RefundLine#dated}. */
  public String offer(RefundLine line) {
    return line.dated() ? line.offerName() + " (" + line.from() + " – " + line.to() + ")" : line.offerName();
  }

  /** Kroner with two decimals and a point, e.g. {@code 1234.50}. */
  public static String kroner(long ore) {
    return (ore < 0 ? "-" : "") + Math.abs(ore) / 100 + "." + String.format(Locale.ROOT, "%02d", Math.abs(ore) % 100);
  }
}
