const deltaSeconds = /^\d+$/;
// The three HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850 and asctime.
// Matched before Date.parse because Date.parse also accepts strings no server means as a date.
const httpDate =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/**
 * Parses a `Retry-After` header value, delta-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`), into milliseconds to wait from `now`.
 *
 * Returns `undefined` for a missing or malformed value, and `0` for a date in the past; never
 * a negative number. With several values the first one counts.
 *
 * @param value - The header value as Node or undici report it.
 * @param now - The current time in epoch ms, for HTTP-dates. @default Date.now()
 *
 * @example
 * ```ts
 * parseRetryAfter("5"); // 5000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")); // 60000
 * parseRetryAfter("soon"); // undefined
 * ```
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  const first = typeof value === "string" ? value : value?.[0];
  if (first === undefined) return undefined;
  const text = first.trim();
  if (deltaSeconds.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  if (!httpDate.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
