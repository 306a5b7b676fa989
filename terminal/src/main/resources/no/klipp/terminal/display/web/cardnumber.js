'use strict';
/*
 * Card numbers as staff type them: nine digits and a Damm check digit. A port of
 * no.klipp.protocol.card.CardNumber; CardNumberJsTest checks both agree.
 */
const KlippCardNumber = (() => {
  const LENGTH = 10;
  const DAMM = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
  ];

  function isDigit(c) {
    return c >= '0' && c <= '9';
  }

  /** The Damm check digit of a string of digits, as a one-character string. */
  function checkDigit(body) {
    let interim = 0;
    for (const c of body) {
      if (!isDigit(c)) throw new Error('not a digit: ' + body);
      interim = DAMM[interim][c.charCodeAt(0) - 48];
    }
    return String(interim);
  }

  /** True when digits is exactly ten ASCII digits whose Damm checksum is zero. */
  function isValid(digits) {
    if (typeof digits !== 'string' || digits.length !== LENGTH) return false;
    let interim = 0;
    for (const c of digits) {
      if (!isDigit(c)) return false;
      interim = DAMM[interim][c.charCodeAt(0) - 48];
    }
    return interim === 0;
  }

  /**
   * What staff typed so far: digits with optional spaces or dashes. state is one of
   * empty | partial | invalid (ten digits, wrong check digit) | valid | long | bad.
   */
  function check(typed) {
    if (typeof typed !== 'string' || typed.length > 32) return { state: 'bad', digits: '' };
    let digits = '';
    for (const c of typed) {
      if (isDigit(c)) digits += c;
      else if (c !== ' ' && c !== '-') return { state: 'bad', digits };
    }
    if (digits.length === 0) return { state: 'empty', digits };
    if (digits.length < LENGTH) return { state: 'partial', digits };
    if (digits.length > LENGTH) return { state: 'long', digits };
    return { state: isValid(digits) ? 'valid' : 'invalid', digits };
  }

  /** The digits when typed is a whole, correct card number, else null; like CardNumber.parse. */
  function parse(typed) {
    const result = check(typed);
    return result.state === 'valid' ? result.digits : null;
  }

  /** Grouped for reading: 1234 5678 90, also while typing. */
  function format(digits) {
    return [digits.slice(0, 4), digits.slice(4, 8), digits.slice(8)].filter(s => s).join(' ');
  }

  return Object.freeze({ LENGTH, checkDigit, isValid, check, parse, format });
})();
