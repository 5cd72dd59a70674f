/**
 * What test/jobs/exactly-once-file-sink.ts writes for the numbers 1..n without failures: per key (x % 7) and 1 s
 * window its count and sum, and every 1000th running count per key. Sorted.
 */
export function expectedExactlyOnceLines(n: number): string[] {
  const windows = new Map<string, [number, number]>();
  const counts = new Map<number, number>();
  const lines: string[] = [];
  for (let x = 1; x <= n; x++) {
    const key = x % 7;
    const w = `${key}/${Math.floor(x / 1000)}`;
    const acc = windows.get(w) ?? [0, 0];
    windows.set(w, [acc[0] + 1, acc[1] + x]);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count % 1000 === 0) lines.push(`count,${key},${count}`);
  }
  for (const [count, sum] of windows.values()) lines.push(`window,${count},${sum}`);
  return lines.sort();
}
