import type { EventRandom } from './event-random.js';
import type { ResolvedNexmarkConfig } from './generator-config.js';
import type { Person } from './model.js';
import type { StringsGenerator } from './strings-generator.js';
import { US_CITIES, US_STATES } from './strings-generator.js';

// People, as the nexmark project's PersonGenerator makes them. Integer division truncates toward zero, as Java's
// long division does (it matters only for unusual proportions, where a "last id" can be −1).

/** Ids start here so that queries over tiny data sets still find matches. */
export const FIRST_PERSON_ID = 1000;
/** How many not-yet-created person ids a random pick may reach ahead. */
const PERSON_ID_LEAD = 10;

/** What a per-entity generator reads: the options, the event's positioned random stream, the string tables. */
export interface EntityContext {
  readonly config: ResolvedNexmarkConfig;
  readonly random: EventRandom;
  readonly strings: StringsGenerator;
}

/** The last person id (base 0) created at or before `eventId`; the person's own id when it is a person event. */
export function lastBase0PersonId(config: ResolvedNexmarkConfig, eventId: number): number {
  const epoch = Math.trunc(eventId / config.totalProportion);
  let offset = eventId % config.totalProportion;
  if (offset >= config.personProportion) offset = config.personProportion - 1;
  return epoch * config.personProportion + offset;
}

/** A random active person (base 0): one of the last numActivePeople, or up to 10 ids not created yet. */
export function nextBase0PersonId(ctx: EntityContext, eventId: number): number {
  const numPeople = lastBase0PersonId(ctx.config, eventId) + 1;
  const activePeople = Math.min(numPeople, ctx.config.numActivePeople);
  return numPeople - activePeople + ctx.random.nextInt(activePeople + PERSON_ID_LEAD);
}

/** The person of event `eventId`; `ctx.random` must be positioned at this event. */
export function nextPerson(ctx: EntityContext, eventId: number, timestamp: number): Person {
  const { random, strings } = ctx;
  const id = lastBase0PersonId(ctx.config, eventId) + FIRST_PERSON_ID;
  const name = strings.personNames[random.nextInt(strings.personNames.length)];
  const emailAddress = strings.nextEmail(random);
  const creditCard = strings.nextCreditCard(random);
  const city = US_CITIES[random.nextInt(US_CITIES.length)];
  const state = US_STATES[random.nextInt(US_STATES.length)];
  const currentSize = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
  const extra = strings.nextExtra(random, currentSize, ctx.config.avgPersonByteSize);
  return { id, name, emailAddress, creditCard, city, state, dateTime: timestamp, extra };
}
