import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q21, "add channel id": bids with a channel id, '0'..'3' for the four known channels (case-insensitive)
// and otherwise the url's `channel_id` parameter; bids with neither are dropped. Mirrors nexmark-sql/q21.sql
// (CASE lower(channel) … ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2), filtered on either being set).
// The regex is done by hand with indexOf (same matches, no match arrays per record); the reference uses the regex.

export interface Q21Result {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly channel_id: string;
}

const PARAM = 'channel_id=';

/** The CASE on lower(channel): the known channel's id, or null. Only short names can match, so only they are lowered. */
export function knownChannelId(channel: string): string | null {
  if (channel.length > 8) return null; // longer than 'facebook'
  switch (channel.toLowerCase()) {
    case 'apple':
      return '0';
    case 'google':
      return '1';
    case 'facebook':
      return '2';
    case 'baidu':
      return '3';
    default:
      return null;
  }
}

/** REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2): the first parameter value at the start or after '&'. */
export function extractChannelId(url: string): string | null {
  for (let at = url.indexOf(PARAM); at >= 0; at = url.indexOf(PARAM, at + 1)) {
    if (at !== 0 && url.charCodeAt(at - 1) !== 38 /* & */) continue;
    const start = at + PARAM.length;
    const end = url.indexOf('&', start);
    return end < 0 ? url.slice(start) : url.slice(start, end);
  }
  return null;
}

function addChannelId(bid: Bid, out: Collector<Q21Result>): void {
  const channelId = knownChannelId(bid.channel) ?? extractChannelId(bid.url);
  if (channelId === null) return;
  out.collect({
    auction: bid.auction,
    bidder: bid.bidder,
    price: bid.price,
    channel: bid.channel,
    channel_id: channelId,
  });
}

export function q21(events: DataStream<NexmarkEvent>): DataStream<Q21Result> {
  return bidsOf(events).flatMap(addChannelId).name('q21');
}
