/**
 * Formatting of JWT NumericDate values (seconds since the epoch) for people.
 * @module time_format
 */

const UNITS = /** @type {const} */ ([
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]);

/** Current time in whole-and-fractional seconds since the epoch. */
export function nowSeconds() {
  return Date.now() / 1000;
}

/**
 * Whether `seconds` can be shown as a date at all (finite and inside Date's range).
 * @param {unknown} seconds
 * @returns {seconds is number}
 */
export function isShowableTime(seconds) {
  return typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) <= 8.64e12;
}

/**
 * UTC as "2024-05-01 12:34:56 UTC" (ISO-like, unambiguous across locales).
 * @param {number} seconds
 * @returns {string}
 */
export function formatUtc(seconds) {
  if (!isShowableTime(seconds)) return String(seconds);
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * The browser's local time zone and locale.
 * @param {number} seconds
 * @returns {string}
 */
export function formatLocal(seconds) {
  if (!isShowableTime(seconds)) return String(seconds);
  return new Date(seconds * 1000).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

/**
 * "in 5 minutes", "3 hours ago", "now". Uses the largest unit that fits, rounded, so 80 minutes is
 * "in 1 hour"; precise enough for reading token lifetimes, and the exact times are shown too.
 * @param {number} seconds  the moment to describe
 * @param {number} [now]    the reference moment (defaults to the current time)
 * @returns {string}
 */
export function formatRelative(seconds, now = nowSeconds()) {
  if (!isShowableTime(seconds)) return '';
  const delta = seconds - now;
  const abs = Math.abs(delta);
  if (abs < 1) return 'now';
  for (const [unit, size] of UNITS) {
    if (abs >= size) {
      const n = Math.round(abs / size);
      const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return delta > 0 ? `in ${words}` : `${words} ago`;
    }
  }
  return 'now';
}

/**
 * Whole minutes until `seconds`, for "expires in N min" (never negative; 0 once past).
 * @param {number} seconds
 * @param {number} [now]
 * @returns {number}
 */
export function minutesUntil(seconds, now = nowSeconds()) {
  return Math.max(0, Math.floor((seconds - now) / 60));
}
