import type { Browser, Page } from '@playwright/test';
import type { Interaction, Person } from '../../src/shared/schemas';
import { enrollDevice } from '../../src/server/routes/routes.test-kit';
import { factOf, personOf, push } from '../../src/server/security/security.test-kit';
import type { TestPool } from '../../src/server/testing';
import { DESKTOP } from './kit';

export { say } from './kit';

/** A desk browser in China: 1366×768, Beijing time. */
export async function deskPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai' });
  return context.newPage();
}

export interface SeededBooth {
  deviceToken: string;
  people: Person[];
}

/**
 * What a booth device of the event sends, through the pool's real sync push: people, then their
 * facts. `factsOf(person, i)` says which facts each person gets.
 */
export async function seedBooth(
  pool: TestPool,
  eventId: string,
  profiles: readonly Parameters<typeof personOf>[1][],
  factsOf: (person: Person, i: number) => Interaction[],
): Promise<SeededBooth> {
  const deviceToken = await enrollDevice(pool, eventId);
  const people = profiles.map((profile) => personOf(eventId, profile));
  const pushed = await push(pool, deviceToken, 'people', people);
  if (pushed.statusCode !== 200) throw new Error(`push people: ${pushed.body}`);
  const facts = people.flatMap(factsOf);
  for (let i = 0; i < facts.length; i += 100) {
    const response = await push(pool, deviceToken, 'interactions', facts.slice(i, i + 100));
    if (response.statusCode !== 200) throw new Error(`push facts: ${response.body}`);
  }
  return { deviceToken, people };
}

export { factOf };
