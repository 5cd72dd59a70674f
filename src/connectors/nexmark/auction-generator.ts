import type { ResolvedNexmarkConfig } from './generator-config.js';
import type { Auction } from './model.js';
import type { EntityContext } from './person-generator.js';
import { FIRST_PERSON_ID, lastBase0PersonId, nextBase0PersonId } from './person-generator.js';

// Auctions, as the nexmark project's AuctionGenerator makes them (its non-"extended bid" mode).

export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;
/** Categories 10..14: few, so that the queries find matches on small data. */
const NUM_CATEGORIES = 5;
/** How many not-yet-created auction ids a random pick may reach ahead. */
const AUCTION_ID_LEAD = 10;
/** A hot seller is the first person of the last block of this many people. */
const HOT_SELLER_RATIO = 100;

/**
 * The last auction id (base 0) created at or before `eventId`: the auction's own id for an auction event, the last
 * auction of the same block for a bid, the last auction of the previous block for a person (−1 in the first block).
 */
export function lastBase0AuctionId(config: ResolvedNexmarkConfig, eventId: number): number {
  let epoch = Math.trunc(eventId / config.totalProportion);
  let offset = eventId % config.totalProportion;
  if (offset < config.personProportion) {
    epoch--;
    offset = config.auctionProportion - 1;
  } else if (offset >= config.personProportion + config.auctionProportion) {
    offset = config.auctionProportion - 1;
  } else {
    offset -= config.personProportion;
  }
  return epoch * config.auctionProportion + offset;
}

/** A random in-flight auction (base 0): U[max(last − numInFlightAuctions, 0), last + 10]. */
export function nextBase0AuctionId(ctx: EntityContext, eventId: number): number {
  const maxAuction = lastBase0AuctionId(ctx.config, eventId);
  const minAuction = Math.max(maxAuction - ctx.config.numInFlightAuctions, 0);
  return minAuction + ctx.random.nextInt(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
}

/**
 * The auction of event `eventId`; `ctx.random` must be positioned at this event. `horizonMs` is the event time until
 * numInFlightAuctions more auctions exist; the auction lasts 1 + U[0, 2 × horizonMs) ms (at least 1 ms).
 */
export function nextAuction(ctx: EntityContext, eventId: number, timestamp: number, horizonMs: number): Auction {
  const { config, random, strings } = ctx;
  const id = lastBase0AuctionId(config, eventId) + FIRST_AUCTION_ID;
  let seller: number;
  if (random.nextInt(config.hotSellersRatio) > 0) {
    seller = Math.trunc(lastBase0PersonId(config, eventId) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO;
  } else {
    seller = nextBase0PersonId(ctx, eventId);
  }
  seller += FIRST_PERSON_ID;
  const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
  const initialBid = nextPrice(ctx);
  const expires = timestamp + 1 + random.nextInt(Math.max(horizonMs * 2, 1));
  const itemName = strings.nextString(random, 20);
  const description = strings.nextString(random, 100);
  const reserve = initialBid + nextPrice(ctx);
  const currentSize = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
  const extra = strings.nextExtra(random, currentSize, config.avgAuctionByteSize);
  return { id, itemName, description, initialBid, reserve, dateTime: timestamp, expires, seller, category, extra };
}

/** A log-uniform price in cents-like units: round(10^(U[0,1) × 6) × 100), so 100 … 100,000,000. */
export function nextPrice(ctx: EntityContext): number {
  return Math.round(10 ** (ctx.random.nextDouble() * 6) * 100);
}
