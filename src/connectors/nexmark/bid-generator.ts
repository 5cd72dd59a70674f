import { FIRST_AUCTION_ID, lastBase0AuctionId, nextBase0AuctionId, nextPrice } from './auction-generator.js';
import type { Bid } from './model.js';
import type { EntityContext } from './person-generator.js';
import { FIRST_PERSON_ID, lastBase0PersonId, nextBase0PersonId } from './person-generator.js';
import { CHANNELS_NUMBER, HOT_CHANNELS } from './strings-generator.js';

// Bids, as the nexmark project's Flink BidGenerator makes them, including its channel/url fields and its quirk of
// adding FIRST_PERSON_ID to the bidder twice (Beam's generator adds it once). Kept, so that bidder ids relate to
// person ids exactly as in Flink's benchmark data.

/** A hot auction is the first auction of the last block of this many auctions. */
const HOT_AUCTION_RATIO = 100;
/** A hot bidder is the second person of the last block of this many people (so it is never the hot seller). */
const HOT_BIDDER_RATIO = 100;
/** Half the bids come through one of the four hot channels. */
const HOT_CHANNELS_RATIO = 2;
/** Fixed part of a bid's size in the nexmark project's accounting (four 8-byte fields). */
const BID_FIXED_SIZE = 32;

/** The bid of event `eventId`; `ctx.random` must be positioned at this event. */
export function nextBid(ctx: EntityContext, eventId: number, timestamp: number): Bid {
  const { config, random, strings } = ctx;
  let auction: number;
  if (random.nextInt(config.hotAuctionRatio) > 0) {
    auction = Math.trunc(lastBase0AuctionId(config, eventId) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO;
  } else {
    auction = nextBase0AuctionId(ctx, eventId);
  }
  auction += FIRST_AUCTION_ID;
  let bidder: number;
  if (random.nextInt(config.hotBiddersRatio) > 0) {
    bidder = Math.trunc(lastBase0PersonId(config, eventId) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1;
  } else {
    bidder = nextBase0PersonId(ctx, eventId);
  }
  bidder += FIRST_PERSON_ID + FIRST_PERSON_ID;
  const price = nextPrice(ctx);
  let channel: string;
  let url: string;
  if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
    const i = random.nextInt(HOT_CHANNELS.length);
    channel = HOT_CHANNELS[i];
    url = strings.hotUrls[i];
  } else {
    const k = random.nextInt(CHANNELS_NUMBER);
    channel = strings.channelNames[k];
    url = strings.channelUrls[k];
  }
  const extra = strings.nextExtra(random, BID_FIXED_SIZE, config.avgBidByteSize);
  return { auction, bidder, price, channel, url, dateTime: timestamp, extra };
}
