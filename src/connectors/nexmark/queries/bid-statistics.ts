// Pieces the updating statistics queries q15–q17 share: the three price bands of their `FILTER` clauses and the
// `DATE_FORMAT(dateTime, 'yyyy-MM-dd' | 'HH:mm')` strings, in UTC (the SQL session time zone of the benchmark
// setup). Pure functions; the day string is cached for the last day seen, since bids arrive day after day.

/** Band 0: price < 10 000; band 1: 10 000 <= price < 1 000 000; band 2: price >= 1 000 000. */
export function priceBand(price: number): 0 | 1 | 2 {
  return price < 10_000 ? 0 : price < 1_000_000 ? 1 : 2;
}

const DAY_MS = 86_400_000;
let cachedDayNumber = Number.NaN;
let cachedDay = '';

/** Days since the epoch (UTC) of `ts`: a number that stands for the day in keys. */
export function epochDay(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

/** `DATE_FORMAT(ts, 'yyyy-MM-dd')` in UTC. */
export function formatDay(ts: number): string {
  const dayNumber = Math.floor(ts / DAY_MS);
  if (dayNumber !== cachedDayNumber) {
    cachedDay = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    cachedDayNumber = dayNumber;
  }
  return cachedDay;
}

/** `DATE_FORMAT(ts, 'HH:mm')` in UTC. */
export function formatMinute(ts: number): string {
  const minuteOfDay = Math.floor((ts - Math.floor(ts / DAY_MS) * DAY_MS) / 60_000);
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
