// The Nexmark benchmark's event generator as a splittable, deterministic Source: one unified stream of Person /
// Auction / Bid events (Flink's nexmark `datagen` table), one split per parallel generator, seeded per event.

export { FIRST_AUCTION_ID, FIRST_CATEGORY_ID, lastBase0AuctionId } from './auction-generator.js';
export { EventRandom } from './event-random.js';
export type { GeneratorRange, NexmarkConfig, ResolvedNexmarkConfig } from './generator-config.js';
export {
  NEXMARK_OPTION_KEYS,
  parseNexmarkOptions,
  resolveNexmarkConfig,
  splitGeneratorRanges,
  totalEventSpace,
} from './generator-config.js';
export type { Auction, Bid, NexmarkEvent, NexmarkEventType, Person } from './model.js';
export {
  AUCTION_EVENT,
  AUCTION_TYPE,
  BID_EVENT,
  BID_TYPE,
  eventTimestamp,
  NEXMARK_EVENT_TYPE,
  PERSON_EVENT,
  PERSON_TYPE,
} from './model.js';
export { NexmarkGenerator } from './nexmark-generator.js';
export { NexmarkSource, nexmarkSource } from './nexmark-source.js';
export { NexmarkSourceReader } from './nexmark-source-reader.js';
export type { NexmarkSplit } from './nexmark-split.js';
export { createNexmarkSplits } from './nexmark-split.js';
export type { NexmarkEnumeratorState } from './nexmark-split-enumerator.js';
export { NexmarkSplitEnumerator } from './nexmark-split-enumerator.js';
export { FIRST_PERSON_ID, lastBase0PersonId } from './person-generator.js';
export { NEXMARK_QUERIES, type NexmarkQuery } from './queries/index.js';
