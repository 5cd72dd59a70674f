// Options of the Nexmark source, named after the nexmark project's Flink connector options (key in each doc
// comment), their validation, and the split of the event-id space into one range per parallel generator.
// Pure functions; called once when a source is built and when the enumerator creates its splits.

/** User-facing options; every field is optional and defaults as in the nexmark project (rate: its V1 setup). */
export interface NexmarkConfig {
  /** `events.num`: events over all generators; 0 = unbounded. Default 0. */
  readonly eventsNum?: number;
  /** `first-event.rate` (the benchmark's TPS): events per second of *event time*, over all generators. Sets
   * timestamp spacing, not emission speed (see maxEmitSpeed). Default 10,000,000 (the V1 benchmark). */
  readonly firstEventRate?: number;
  /** `person.proportion`, default 1. */
  readonly personProportion?: number;
  /** `auction.proportion`, default 3. */
  readonly auctionProportion?: number;
  /** `bid.proportion`, default 46. */
  readonly bidProportion?: number;
  /** `person.avg-size` in bytes, default 200. */
  readonly avgPersonByteSize?: number;
  /** `auction.avg-size` in bytes, default 500. */
  readonly avgAuctionByteSize?: number;
  /** `bid.avg-size` in bytes, default 100. */
  readonly avgBidByteSize?: number;
  /** `bid.hot-ratio.auctions`: a bid goes to a hot auction with probability 1 − 1/ratio. Default 2. */
  readonly hotAuctionRatio?: number;
  /** `bid.hot-ratio.bidders`: a bid comes from a hot bidder with probability 1 − 1/ratio. Default 4. */
  readonly hotBiddersRatio?: number;
  /** `auction.hot-ratio.sellers`: an auction has a hot seller with probability 1 − 1/ratio. Default 4. */
  readonly hotSellersRatio?: number;
  /** Auctions considered in flight per generator (nexmark's numInFlightAuctions). Default 100. */
  readonly numInFlightAuctions?: number;
  /** People considered active when picking sellers and bidders (numActivePeople). Default 1000. */
  readonly numActivePeople?: number;
  /** `num.event.generators`: parallel event-time lines (= splits). Default: the source parallelism. */
  readonly numEventGenerators?: number;
  /** `base-time`: event time of event number 0, epoch ms. Default: wall clock when the enumerator starts. */
  readonly baseTime?: number;
  /** `seed`: any safe integer; the same seed gives the same events (see event-random.ts). Default 0. */
  readonly seed?: number;
  /** `out-of-order.group-size`: events shuffled within groups of this size per generator; 1 = in order. */
  readonly outOfOrderGroupSize?: number;
  /** `max-emit-speed`: true emits as fast as possible; false paces each generator to its event-time spacing
   * in wall-clock time (a realistic, rate-limited run). Default true. */
  readonly maxEmitSpeed?: boolean;
  /** `keep-alive`: readers stay running (idle) after their events are exhausted. Default false. */
  readonly keepAlive?: boolean;
  /** `stop-at`: stop after this many events over all generators; −1 = no limit. Default −1. */
  readonly stopAt?: number;
  /** `poll.batch-size`: events a reader emits per pollNext. Default 1024. */
  readonly pollBatchSize?: number;
}

/** All options with defaults applied and validated; `null` means "decided when the enumerator starts". */
export interface ResolvedNexmarkConfig {
  readonly eventsNum: number;
  readonly firstEventRate: number;
  readonly personProportion: number;
  readonly auctionProportion: number;
  readonly bidProportion: number;
  readonly totalProportion: number;
  readonly avgPersonByteSize: number;
  readonly avgAuctionByteSize: number;
  readonly avgBidByteSize: number;
  readonly hotAuctionRatio: number;
  readonly hotBiddersRatio: number;
  readonly hotSellersRatio: number;
  readonly numInFlightAuctions: number;
  readonly numActivePeople: number;
  readonly numEventGenerators: number | null;
  readonly baseTime: number | null;
  readonly seed: number;
  readonly outOfOrderGroupSize: number;
  readonly maxEmitSpeed: boolean;
  readonly keepAlive: boolean;
  readonly stopAt: number;
  readonly pollBatchSize: number;
}

/** The event-id range one generator owns: its events have ids firstEventId + eventNumber, eventNumber < eventCount. */
export interface GeneratorRange {
  readonly firstEventId: number;
  /** How many events this generator emits (its share of events.num, or of stop-at when that is smaller). */
  readonly eventCount: number;
  readonly numGenerators: number;
  readonly baseTime: number;
}

const DEFAULTS = {
  eventsNum: 0,
  firstEventRate: 10_000_000,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotBiddersRatio: 4,
  hotSellersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  seed: 0,
  outOfOrderGroupSize: 1,
  maxEmitSpeed: true,
  keepAlive: false,
  stopAt: -1,
  pollBatchSize: 128,
} as const;

/** Flink option key → NexmarkConfig field, for string options such as a SQL table's WITH clause. */
export const NEXMARK_OPTION_KEYS: Readonly<Record<string, keyof NexmarkConfig>> = {
  'events.num': 'eventsNum',
  'first-event.rate': 'firstEventRate',
  'person.proportion': 'personProportion',
  'auction.proportion': 'auctionProportion',
  'bid.proportion': 'bidProportion',
  'person.avg-size': 'avgPersonByteSize',
  'auction.avg-size': 'avgAuctionByteSize',
  'bid.avg-size': 'avgBidByteSize',
  'bid.hot-ratio.auctions': 'hotAuctionRatio',
  'bid.hot-ratio.bidders': 'hotBiddersRatio',
  'auction.hot-ratio.sellers': 'hotSellersRatio',
  'auction.num-in-flight': 'numInFlightAuctions',
  'person.num-active': 'numActivePeople',
  'num.event.generators': 'numEventGenerators',
  'base-time': 'baseTime',
  seed: 'seed',
  'out-of-order.group-size': 'outOfOrderGroupSize',
  'max-emit-speed': 'maxEmitSpeed',
  'keep-alive': 'keepAlive',
  'stop-at': 'stopAt',
  'poll.batch-size': 'pollBatchSize',
};

const FIELDS: ReadonlySet<string> = new Set(Object.values(NEXMARK_OPTION_KEYS));

/** Keys the nexmark project accepts that do not change what this generator produces (its rate shape is unused). */
const IGNORED_KEYS = new Set(['connector', 'next-event.rate', 'rate.shape', 'rate.period', 'rate.limited']);

function fail(field: keyof NexmarkConfig, value: unknown, rule: string): never {
  throw new Error(`Nexmark source option '${field}' is ${String(value)}; it must be ${rule}.`);
}

function integer(options: NexmarkConfig, field: keyof NexmarkConfig, min: number, fallback: number): number {
  const value = options[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(field, value, `an integer ≥ ${min}`);
  }
  return value;
}

function boolean(options: NexmarkConfig, field: keyof NexmarkConfig, fallback: boolean): boolean {
  const value = options[field] ?? fallback;
  if (typeof value !== 'boolean') fail(field, value, 'true or false');
  return value;
}

/** Applies defaults and checks every option; throws an Error naming the option and the rule it breaks. */
export function resolveNexmarkConfig(options: NexmarkConfig = {}): ResolvedNexmarkConfig {
  for (const key of Object.keys(options)) {
    if (!FIELDS.has(key))
      throw new Error(`Unknown Nexmark source option '${key}'. Known options: ${[...FIELDS].join(', ')}.`);
  }
  const rate = options.firstEventRate ?? DEFAULTS.firstEventRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    fail('firstEventRate', rate, 'a positive number of events per second');
  }
  const personProportion = integer(options, 'personProportion', 0, DEFAULTS.personProportion);
  const auctionProportion = integer(options, 'auctionProportion', 0, DEFAULTS.auctionProportion);
  const bidProportion = integer(options, 'bidProportion', 0, DEFAULTS.bidProportion);
  const totalProportion = personProportion + auctionProportion + bidProportion;
  if (totalProportion < 1) fail('bidProportion', bidProportion, 'such that the three proportions sum to at least 1');
  const stopAt = integer(options, 'stopAt', -1, DEFAULTS.stopAt);
  const generators = options.numEventGenerators;
  const baseTime = options.baseTime;
  if (baseTime !== undefined && (!Number.isSafeInteger(baseTime) || baseTime < 0)) {
    fail('baseTime', baseTime, 'epoch milliseconds (a non-negative integer)');
  }
  const seed = options.seed ?? DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) fail('seed', seed, 'a safe integer');
  return {
    eventsNum: integer(options, 'eventsNum', 0, DEFAULTS.eventsNum),
    firstEventRate: rate,
    personProportion,
    auctionProportion,
    bidProportion,
    totalProportion,
    avgPersonByteSize: integer(options, 'avgPersonByteSize', 1, DEFAULTS.avgPersonByteSize),
    avgAuctionByteSize: integer(options, 'avgAuctionByteSize', 1, DEFAULTS.avgAuctionByteSize),
    avgBidByteSize: integer(options, 'avgBidByteSize', 1, DEFAULTS.avgBidByteSize),
    hotAuctionRatio: integer(options, 'hotAuctionRatio', 1, DEFAULTS.hotAuctionRatio),
    hotBiddersRatio: integer(options, 'hotBiddersRatio', 1, DEFAULTS.hotBiddersRatio),
    hotSellersRatio: integer(options, 'hotSellersRatio', 1, DEFAULTS.hotSellersRatio),
    numInFlightAuctions: integer(options, 'numInFlightAuctions', 1, DEFAULTS.numInFlightAuctions),
    numActivePeople: integer(options, 'numActivePeople', 1, DEFAULTS.numActivePeople),
    numEventGenerators: generators === undefined ? null : integer(options, 'numEventGenerators', 1, 1),
    baseTime: baseTime ?? null,
    seed,
    outOfOrderGroupSize: integer(options, 'outOfOrderGroupSize', 1, DEFAULTS.outOfOrderGroupSize),
    maxEmitSpeed: boolean(options, 'maxEmitSpeed', DEFAULTS.maxEmitSpeed),
    keepAlive: boolean(options, 'keepAlive', DEFAULTS.keepAlive),
    stopAt,
    pollBatchSize: integer(options, 'pollBatchSize', 1, DEFAULTS.pollBatchSize),
  };
}

const BOOLEAN_FIELDS: ReadonlySet<keyof NexmarkConfig> = new Set(['maxEmitSpeed', 'keepAlive']);

/** Flink MemorySize text as the *.avg-size keys take it ('200b', '1kb', '2 m'; binary units); NaN if malformed. */
function memorySize(text: string): number {
  const m = /^(\d+)\s*(b|bytes|k|kb|kib|m|mb|mib)?$/i.exec(text);
  if (m === null) return Number.NaN;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
}

/**
 * Reads string options keyed as the nexmark Flink connector keys them (`'events.num' = '1000'`), e.g. from a SQL
 * table's WITH clause. Unknown keys are an error; keys that only shape Flink's rate curve are accepted and ignored.
 */
export function parseNexmarkOptions(options: Readonly<Record<string, string>>): NexmarkConfig {
  const out: Record<string, number | boolean> = {};
  for (const [key, text] of Object.entries(options)) {
    if (IGNORED_KEYS.has(key)) continue;
    const field = NEXMARK_OPTION_KEYS[key];
    if (field === undefined) {
      throw new Error(
        `Unknown Nexmark option '${key}'. Known options: ${Object.keys(NEXMARK_OPTION_KEYS).join(', ')}.`,
      );
    }
    const trimmed = text.trim();
    if (BOOLEAN_FIELDS.has(field)) {
      if (trimmed !== 'true' && trimmed !== 'false')
        throw new Error(`Nexmark option '${key}' is '${text}'; use 'true' or 'false'.`);
      out[field] = trimmed === 'true';
      continue;
    }
    const value = key.endsWith('.avg-size') ? memorySize(trimmed) : Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value))
      throw new Error(`Nexmark option '${key}' is '${text}'; it must be a number.`);
    out[field] = value;
  }
  return out as NexmarkConfig;
}

/**
 * The id space the generators share: events.num, or for an unbounded source the nexmark project's overflow-safe
 * maximum (Long.MAX_VALUE / (totalProportion × largest average size)), which is well inside 2^53.
 */
export function totalEventSpace(config: ResolvedNexmarkConfig): number {
  if (config.eventsNum > 0) return config.eventsNum;
  const largest = Math.max(config.avgPersonByteSize, config.avgAuctionByteSize, config.avgBidByteSize);
  return Number(0x7fffffffffffffffn / BigInt(config.totalProportion * largest));
}

/**
 * Splits the id space into `numGenerators` disjoint ranges as the nexmark project does: generator i starts at
 * i × floor(space / n); the last one also takes the remainder. stop-at, when set, is split the same way and caps
 * each generator's count. Every generator starts at event number 0, so their event-time lines run in parallel.
 * (The nexmark Flink table factory passes firstEventId = 1 and firstEventNumber = 1, which shifts every id by 2 and
 * every time by one spacing, so its stream opens with two auctions; we start at 0, as NEXMARK.md specifies.)
 */
export function splitGeneratorRanges(
  config: ResolvedNexmarkConfig,
  numGenerators: number,
  baseTime: number,
): GeneratorRange[] {
  if (!Number.isSafeInteger(numGenerators) || numGenerators < 1) {
    throw new Error(`Nexmark needs at least one event generator, got ${numGenerators}; set numEventGenerators ≥ 1.`);
  }
  const space = totalEventSpace(config);
  const share = Math.floor(space / numGenerators);
  const stopShare = config.stopAt < 0 ? -1 : Math.floor(config.stopAt / numGenerators);
  const ranges: GeneratorRange[] = [];
  for (let i = 0; i < numGenerators; i++) {
    const last = i === numGenerators - 1;
    const size = last ? space - share * (numGenerators - 1) : share;
    const stop = config.stopAt < 0 ? -1 : last ? config.stopAt - stopShare * (numGenerators - 1) : stopShare;
    const eventCount = stop < 0 ? size : Math.min(stop, size);
    ranges.push({ firstEventId: i * share, eventCount, numGenerators, baseTime });
  }
  return ranges;
}
