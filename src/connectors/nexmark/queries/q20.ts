import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Auction, Bid, NexmarkEvent } from '../model.js';
import { RegularInnerJoin } from './regular-join.js';
import { auctionsOf, bidsOf } from './views.js';

// Nexmark q20, "expand bid with auction": every bid on a category-10 auction, with that auction's columns. Mirrors
// nexmark-sql/q20.sql: a regular inner join bid ⋈ auction on B.auction = A.id, the category filter pushed below the
// join. Both sides stay in keyed state (bids may name an auction not yet created). Output is insert-only.

export interface Q20Result {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly bid_dateTime: number;
  readonly bid_extra: string;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly auction_dateTime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly auction_extra: string;
}

function inCategory10(auction: Auction): boolean {
  return auction.category === 10;
}

function combine(bid: Bid, a: Auction): Q20Result {
  return {
    auction: bid.auction,
    bidder: bid.bidder,
    price: bid.price,
    channel: bid.channel,
    url: bid.url,
    bid_dateTime: bid.dateTime,
    bid_extra: bid.extra,
    itemName: a.itemName,
    description: a.description,
    initialBid: a.initialBid,
    reserve: a.reserve,
    auction_dateTime: a.dateTime,
    expires: a.expires,
    seller: a.seller,
    category: a.category,
    auction_extra: a.extra,
  };
}

function auctionOfBid(bid: Bid): number {
  return bid.auction;
}

function idOf(auction: Auction): number {
  return auction.id;
}

export function q20(events: DataStream<NexmarkEvent>): DataStream<Q20Result> {
  const auctions = auctionsOf(events).filter(inCategory10).name('q20-category-10');
  return bidsOf(events)
    .connect(auctions)
    .keyBy(auctionOfBid, idOf)
    .process(new RegularInnerJoin<number, Bid, Auction, Q20Result>(combine))
    .name('q20-join');
}
