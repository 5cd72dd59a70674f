// Personalisation (the seed's e-commerce use case): what is each shopper interested in right now, and what should
// we show them next?
//   1. Clicks and purchases carry event time. An interval join pairs each click with a purchase of the same product
//      by the same user up to 2 minutes later: a conversion, which counts 3 points of interest (a click counts 1).
//   2. Per user, a sliding window (30 minutes, every 10 minutes) adds up the points per product.
//   3. The product catalog is broadcast state (one snapshot record); each window's scores are mapped to
//      categories, the top category picked, and the two priciest products of it the user did not touch in that
//      window are recommended. Window results that arrive before the catalog wait in keyed state.
// The data are generated deterministically below, so the output is the same at any parallelism.
// Run it with: npx weir run examples/personalisation.ts
import {
  type AggregateFunction,
  type Collector,
  Duration,
  type KeyedBroadcastContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  type ListState,
  ListStateDescriptor,
  MapStateDescriptor,
  type ProcessJoinFunctionContext,
  type ProcessWindowFunctionContext,
  type RuntimeContext,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  type TimeWindow,
  WatermarkStrategy,
} from 'weir';

export interface Product {
  readonly id: number;
  readonly category: string;
  readonly price: number;
}
export interface Click {
  readonly user: string;
  readonly product: number;
  readonly t: number;
}
export interface Purchase {
  readonly user: string;
  readonly product: number;
  readonly t: number;
}
/** Points of interest of a user in a product (1 per click, 3 per conversion). */
interface Interest {
  readonly user: string;
  readonly product: number;
  readonly points: number;
}
/** A user's points per product in one window. */
interface WindowScores {
  readonly user: string;
  readonly start: number;
  readonly end: number;
  readonly points: Readonly<Record<number, number>>;
}

const MINUTE = 60_000;
const USERS = ['ann', 'bob', 'cid', 'dee', 'eve', 'fay'];
const CATEGORIES = ['books', 'games', 'music', 'garden'];

/** 12 products, three per category. */
export const CATALOG: readonly Product[] = Array.from({ length: 12 }, (_, i) => ({
  id: i,
  category: CATEGORIES[i % 4] as string,
  price: 10 + ((i * 37) % 90),
}));

/** 240 clicks, one every 15 s for an hour; each user's favourite products drift every 20 minutes. */
export const CLICKS: readonly Click[] = Array.from({ length: 240 }, (_, i) => {
  const u = (i * 5) % USERS.length;
  const t = i * 15_000;
  return { user: USERS[u] as string, product: (u * 2 + Math.floor(t / (20 * MINUTE)) * 3 + (i % 3)) % 12, t };
});

/** A purchase a minute after every 7th click (same product), and one of another product 30 s after every 11th. */
export const PURCHASES: readonly Purchase[] = CLICKS.flatMap((c, i) => [
  ...(i % 7 === 0 ? [{ user: c.user, product: c.product, t: c.t + MINUTE }] : []),
  ...(i % 11 === 0 ? [{ user: c.user, product: (c.product + 1) % 12, t: c.t + 30_000 }] : []),
]).sort((a, b) => a.t - b.t);

const CATALOG_STATE = new MapStateDescriptor<string, readonly Product[]>('catalog');
const WAITING = new ListStateDescriptor<WindowScores>('waiting-for-catalog');

/** Adds up points per product; the accumulator is a fresh object per window. */
const sumPoints: AggregateFunction<Interest, Record<number, number>, Record<number, number>> = {
  createAccumulator: () => ({}),
  add: (i, acc) => {
    acc[i.product] = (acc[i.product] ?? 0) + i.points;
    return acc;
  },
  getResult: (acc) => acc,
  merge: (a, b) => {
    for (const [k, v] of Object.entries(b)) a[Number(k)] = (a[Number(k)] ?? 0) + v;
    return a;
  },
};

/** The top category (most points, ties by name) and two priciest untouched products of it (ties by id). */
export function recommend(scores: WindowScores, catalog: readonly Product[]): string {
  const byCategory = new Map<string, number>();
  for (const p of catalog) {
    const points = scores.points[p.id];
    if (points !== undefined) byCategory.set(p.category, (byCategory.get(p.category) ?? 0) + points);
  }
  const [top, topPoints] = [...byCategory].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['-', 0];
  const recs = catalog
    .filter((p) => p.category === top && scores.points[p.id] === undefined)
    .sort((a, b) => b.price - a.price || a.id - b.id)
    .slice(0, 2)
    .map((p) => `p${p.id}`);
  return `${scores.user} [${scores.start / MINUTE}m,${scores.end / MINUTE}m) top=${top}:${topPoints} recs=${recs.join(',')}`;
}

/** Maps window scores to recommendations once the catalog is there; earlier results wait in keyed state. */
class Recommender extends KeyedBroadcastProcessFunction<string, WindowScores, readonly Product[], string> {
  private waiting!: ListState<WindowScores>;

  override open(context: RuntimeContext): void {
    this.waiting = context.getListState(WAITING);
  }

  processElement(scores: WindowScores, ctx: KeyedBroadcastReadOnlyContext<string>, out: Collector<string>): void {
    const catalog = ctx.getBroadcastState(CATALOG_STATE).get('current');
    if (catalog === undefined) this.waiting.add(scores);
    else out.collect(recommend(scores, catalog));
  }

  processBroadcastElement(
    catalog: readonly Product[],
    ctx: KeyedBroadcastContext<string>,
    out: Collector<string>,
  ): void {
    ctx.getBroadcastState(CATALOG_STATE).put('current', catalog);
    ctx.applyToKeyedState(WAITING, (_user, state) => {
      for (const scores of state.get()) out.collect(recommend(scores, catalog));
      state.clear();
    });
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const clicks = env
  .fromData<Click>(...CLICKS)
  .name('clicks')
  .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c.t));
const purchases = env
  .fromData<Purchase>(...PURCHASES)
  .name('purchases')
  .assignTimestampsAndWatermarks(
    WatermarkStrategy.forMonotonousTimestamps<Purchase>().withTimestampAssigner((p) => p.t),
  );
const catalog = env.fromData<readonly Product[]>(CATALOG).name('catalog').broadcast(CATALOG_STATE);

const conversions = clicks
  .keyBy((c) => c.user)
  .intervalJoin(purchases.keyBy((p) => p.user))
  .between(0, Duration.ofMinutes(2))
  .process((c: Click, p: Purchase, _ctx: ProcessJoinFunctionContext, out: Collector<Interest>) => {
    if (c.product === p.product) out.collect({ user: c.user, product: c.product, points: 3 });
  })
  .name('conversions');

clicks
  .map((c): Interest => ({ user: c.user, product: c.product, points: 1 }))
  .union(conversions)
  .keyBy((i) => i.user)
  .window(SlidingEventTimeWindows.of(Duration.ofMinutes(30), Duration.ofMinutes(10)))
  .aggregate(
    sumPoints,
    (
      user: string,
      ctx: ProcessWindowFunctionContext<TimeWindow>,
      points: Iterable<Record<number, number>>,
      out: Collector<WindowScores>,
    ) => {
      for (const p of points) out.collect({ user, start: ctx.window().start, end: ctx.window().end, points: p });
    },
  )
  .name('interest per user')
  .keyBy((s) => s.user)
  .connect(catalog)
  .process(new Recommender())
  .name('recommendations')
  .print();

await env.execute('Personalisation');
