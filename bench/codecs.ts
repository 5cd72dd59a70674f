// Micro-benchmark (not a test): encode + decode round trips per second of a Nexmark-like Bid record with the
// generated ROW codec, the generic codec, and JSON / v8.serialize as baselines. Run directly:
//   node --import tsx bench/codecs.ts [records]
// Each round trip encodes one record into a reused ByteWriter and decodes it back (one record per round, as a
// channel's serializer would see them); figures are the median of 5 timed runs after a warm-up.

import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import type { Codec } from '../src/core/types/index.js';
import { ByteReader, ByteWriter, GenericCodec, Types } from '../src/core/types/index.js';

export interface CodecBenchResult {
  name: string;
  recordsPerSecond: number;
  nsPerRecord: number;
}

const BidType = Types.ROW({
  auction: Types.LONG,
  bidder: Types.LONG,
  price: Types.LONG,
  channel: Types.STRING,
  url: Types.STRING,
  dateTime: Types.LONG,
  extra: Types.STRING,
});

type Bid = {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
};

function randomString(length: number, seed: number): string {
  let s = '';
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += String.fromCharCode(97 + ((x >>> 16) % 26));
  }
  return s;
}

/** 1,024 distinct bids shaped like the Nexmark generator's (url ~60 chars, extra ~70 chars). */
function makeBids(): Bid[] {
  const channels = ['Google', 'Facebook', 'Baidu', 'Apple', 'channel-4242'];
  return Array.from({ length: 1024 }, (_, i) => ({
    auction: 1000 + ((i * 7) % 1100),
    bidder: 2000 + ((i * 13) % 5000),
    price: Math.round(10 ** ((i % 97) / 16) * 100),
    channel: channels[i % channels.length],
    url: `https://www.nexmark.com/${randomString(5, i)}/${randomString(5, i + 1)}/${randomString(5, i + 2)}/item.htm?query=1`,
    dateTime: 1_700_000_000_000 + i * 3,
    extra: randomString(62 + (i % 16), i * 31),
  }));
}

type RoundTrip = (bid: Bid) => unknown;

function binaryRoundTrip(codec: Codec<Bid>): RoundTrip {
  const writer = new ByteWriter(1024);
  const reader = new ByteReader();
  return (bid) => {
    writer.reset();
    codec.encode(bid, writer);
    reader.reset(writer.bytes, 0, writer.length);
    return codec.decode(reader);
  };
}

const jsonRoundTrip: RoundTrip = (bid) => JSON.parse(Buffer.from(JSON.stringify(bid)).toString());
const v8RoundTrip: RoundTrip = (bid) => v8.deserialize(v8.serialize(bid));

function timeOnce(roundTrip: RoundTrip, bids: Bid[], records: number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < records; i++) {
    const back = roundTrip(bids[i & 1023]) as Bid;
    sink += back.price;
  }
  const ns = Number(process.hrtime.bigint() - start);
  if (sink === -1) console.log(sink); // keeps the results alive
  return ns / records;
}

function measure(name: string, roundTrip: RoundTrip, bids: Bid[], records: number): CodecBenchResult {
  timeOnce(roundTrip, bids, Math.min(records, 50_000)); // warm-up: let the JIT settle
  const runs = Array.from({ length: 5 }, () => timeOnce(roundTrip, bids, records)).sort((a, b) => a - b);
  const nsPerRecord = runs[2];
  return { name, recordsPerSecond: Math.round(1e9 / nsPerRecord), nsPerRecord: Math.round(nsPerRecord * 10) / 10 };
}

export async function runCodecBench(opts?: { records?: number }): Promise<CodecBenchResult[]> {
  const records = opts?.records ?? 200_000;
  const bids = makeBids();
  const generic = new GenericCodec() as Codec<unknown> as Codec<Bid>;
  const cases: Array<[string, RoundTrip]> = [
    ['generated ROW codec', binaryRoundTrip(BidType.createCodec())],
    ['generic codec', binaryRoundTrip(generic)],
    ['JSON (stringify + Buffer + parse)', jsonRoundTrip],
    ['v8.serialize/deserialize', v8RoundTrip],
  ];
  const results: CodecBenchResult[] = [];
  for (const [name, roundTrip] of cases) {
    results.push(measure(name, roundTrip, bids, records));
    await new Promise((resolve) => setImmediate(resolve)); // let other work run between cases
  }
  return results;
}

function encodedSizes(): string {
  const bid = makeBids()[0];
  const w = new ByteWriter();
  BidType.createCodec().encode(bid, w);
  const row = w.length;
  w.reset();
  new GenericCodec().encode(bid, w);
  return `encoded bytes per Bid: ROW ${row}, generic ${w.length}, JSON ${Buffer.byteLength(JSON.stringify(bid))}, v8 ${v8.serialize(bid).length}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const records = Number(process.argv[2] ?? 200_000);
  const results = await runCodecBench({ records });
  console.log(`Node ${process.version}, ${records} round trips per run, median of 5 runs`);
  console.log(encodedSizes());
  console.table(results);
}
