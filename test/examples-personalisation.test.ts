import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWeir, unprefixed } from './support/run-weir.js';

// examples/personalisation.ts through the real CLI at parallelism 1 and 4. Its data generator is restated here and
// the recommendations are worked out by brute force (every window, every pair), independently of the engine.

const MINUTE = 60_000;
const USERS = ['ann', 'bob', 'cid', 'dee', 'eve', 'fay'];
const CATEGORIES = ['books', 'games', 'music', 'garden'];
const catalog = Array.from({ length: 12 }, (_, i) => ({
  id: i,
  category: CATEGORIES[i % 4] as string,
  price: 10 + ((i * 37) % 90),
}));
const clicks = Array.from({ length: 240 }, (_, i) => {
  const u = (i * 5) % USERS.length;
  const t = i * 15_000;
  return { user: USERS[u] as string, product: (u * 2 + Math.floor(t / (20 * MINUTE)) * 3 + (i % 3)) % 12, t };
});
const purchases = clicks.flatMap((c, i) => [
  ...(i % 7 === 0 ? [{ user: c.user, product: c.product, t: c.t + MINUTE }] : []),
  ...(i % 11 === 0 ? [{ user: c.user, product: (c.product + 1) % 12, t: c.t + 30_000 }] : []),
]);

/** Every point of interest with its event time: clicks (1) and click→purchase within [0, 2 min] (3). */
function interests(): { user: string; product: number; points: number; t: number }[] {
  const out = clicks.map((c) => ({ user: c.user, product: c.product, points: 1, t: c.t }));
  for (const c of clicks) {
    for (const p of purchases) {
      if (p.user === c.user && p.product === c.product && p.t >= c.t && p.t <= c.t + 2 * MINUTE) {
        out.push({ user: c.user, product: c.product, points: 3, t: Math.max(c.t, p.t) });
      }
    }
  }
  return out;
}

function expected(): string[] {
  const all = interests();
  const lines: string[] = [];
  const size = 30 * MINUTE;
  const slide = 10 * MINUTE;
  const last = Math.max(...all.map((i) => i.t));
  for (let start = -size + slide; start <= last; start += slide) {
    for (const user of USERS) {
      const inside = all.filter((i) => i.user === user && i.t >= start && i.t < start + size);
      if (inside.length === 0) continue;
      const points = new Map<number, number>();
      for (const i of inside) points.set(i.product, (points.get(i.product) ?? 0) + i.points);
      const perCategory = new Map<string, number>();
      for (const [product, n] of points) {
        const category = catalog[product]?.category as string;
        perCategory.set(category, (perCategory.get(category) ?? 0) + n);
      }
      let top = '';
      let best = -1;
      for (const category of [...perCategory.keys()].sort()) {
        const n = perCategory.get(category) as number;
        if (n > best) [top, best] = [category, n];
      }
      const recs = catalog
        .filter((p) => p.category === top && !points.has(p.id))
        .sort((a, b) => b.price - a.price || a.id - b.id)
        .slice(0, 2)
        .map((p) => `p${p.id}`);
      lines.push(`${user} [${start / MINUTE}m,${(start + size) / MINUTE}m) top=${top}:${best} recs=${recs.join(',')}`);
    }
  }
  return lines.sort();
}

test('personalisation recommends the same products at parallelism 1 and 4, as worked out independently', async () => {
  const want = expected();
  assert.ok(want.length >= 40, `one line per user and window (${want.length})`);
  assert.ok(
    interests().some((i) => i.points === 3),
    'the data hold conversions',
  );
  for (const p of ['1', '4']) {
    const run = await runWeir(['run', 'examples/personalisation.ts', '-p', p]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(unprefixed(run.stdout).sort(), want, `parallelism ${p}`);
  }
});
