package no.klipp.server.refund;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/** The whole calendar months within a period of days: {@code first} to {@code last}. */
record WholeMonths(YearMonth first, YearMonth last) {

  /** The whole months of {@code [from, to]}; empty when it holds none. */
  static Optional<WholeMonths> within(LocalDate from, LocalDate to) {
    YearMonth first = from.getDayOfMonth() == 1 ? YearMonth.from(from) : YearMonth.from(from).plusMonths(1);
    YearMonth last = to.equals(YearMonth.from(to).atEndOfMonth()) ? YearMonth.from(to) : YearMonth.from(to).minusMonths(1);
    return last.isBefore(first) ? Optional.empty() : Optional.of(new WholeMonths(first, last));
  }

  LocalDate from() {
    return first.atDay(1);
  }

  LocalDate to() {
    return last.atEndOfMonth();
  }
}
