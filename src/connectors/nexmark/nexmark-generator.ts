import { nextAuction } from './auction-generator.js';
import { nextBid } from './bid-generator.js';
import { EventRandom } from './event-random.js';
import type { GeneratorRange, ResolvedNexmarkConfig } from './generator-config.js';
import type { NexmarkEvent } from './model.js';
import { auctionEvent, bidEvent, personEvent } from './model.js';
import type { EntityContext } from './person-generator.js';
import { nextPerson } from './person-generator.js';
import type { StringsGenerator } from './strings-generator.js';
import { stringsGeneratorFor } from './strings-generator.js';

// One Nexmark event generator: a pure function from event number to event over one generator's id range (see
// generator-config.ts for how ranges are split). Event number n of generator i has
//   event id  = firstEventId + adjusted(n)       (adjusted(n) = n unless out-of-order groups are configured)
//   timestamp = baseTime + floor(floor(adjusted(n) × interEventDelayUs) / 1000)
//   interEventDelayUs = 1e6 / firstEventRate × numGenerators
// and its fields depend only on (seed, event id), so any n can be generated first, in any order, on any thread.
// Owned by one thread (the source reader's); `eventAt` allocates only the returned records.

/** Multiplier of the nexmark project's within-group shuffle: adjusted(n) = group base + (n × 953) mod groupSize. */
const OUT_OF_ORDER_SHUFFLE = 953;

export class NexmarkGenerator implements EntityContext {
  readonly config: ResolvedNexmarkConfig;
  readonly range: GeneratorRange;
  readonly random: EventRandom;
  readonly strings: StringsGenerator;
  /** Event-time spacing between consecutive events of this generator, in microseconds. */
  readonly interEventDelayUs: number;
  /** Events until numInFlightAuctions more auctions exist (sets how long auctions last). */
  private readonly eventsForInFlightAuctions: number;

  constructor(config: ResolvedNexmarkConfig, range: GeneratorRange) {
    this.config = config;
    this.range = range;
    this.random = new EventRandom(config.seed);
    this.strings = stringsGeneratorFor(config.seed);
    this.interEventDelayUs = (1_000_000 / config.firstEventRate) * range.numGenerators;
    this.eventsForInFlightAuctions =
      config.auctionProportion === 0
        ? 0
        : Math.trunc((config.numInFlightAuctions * config.totalProportion) / config.auctionProportion);
  }

  /** How many events this generator emits (event numbers 0 … eventCount − 1). */
  get eventCount(): number {
    return this.range.eventCount;
  }

  /** Event time of (adjusted) event number `eventNumber`, epoch ms. */
  timestampForEvent(eventNumber: number): number {
    return this.range.baseTime + Math.floor(Math.floor(eventNumber * this.interEventDelayUs) / 1000);
  }

  /** The event number whose id and timestamp event `eventNumber` carries (a permutation within each group). */
  adjustedEventNumber(eventNumber: number): number {
    const groupSize = this.config.outOfOrderGroupSize;
    if (groupSize === 1) return eventNumber;
    const inGroup = eventNumber % groupSize;
    return eventNumber - inGroup + ((inGroup * OUT_OF_ORDER_SHUFFLE) % groupSize);
  }

  /** The globally unique id of event `eventNumber`. */
  eventIdOf(eventNumber: number): number {
    return this.range.firstEventId + this.adjustedEventNumber(eventNumber);
  }

  /** A timestamp no later than those of event `eventNumber` and every event after it in this generator. */
  watermarkFor(eventNumber: number): number {
    const groupSize = this.config.outOfOrderGroupSize;
    return this.timestampForEvent(eventNumber - (eventNumber % groupSize));
  }

  /** Event `eventNumber` (0 ≤ eventNumber < eventCount); the same number always gives an equal event. */
  eventAt(eventNumber: number): NexmarkEvent {
    const adjusted = this.adjustedEventNumber(eventNumber);
    const eventId = this.range.firstEventId + adjusted;
    const timestamp = this.timestampForEvent(adjusted);
    const config = this.config;
    this.random.reset(eventId);
    const rem = eventId % config.totalProportion;
    if (rem < config.personProportion) return personEvent(nextPerson(this, eventId, timestamp));
    if (rem < config.personProportion + config.auctionProportion) {
      const horizonMs = this.timestampForEvent(adjusted + this.eventsForInFlightAuctions) - timestamp;
      return auctionEvent(nextAuction(this, eventId, timestamp, horizonMs));
    }
    return bidEvent(nextBid(this, eventId, timestamp));
  }
}
