// A lucky draw among 100k entrants (DESIGN.md "Lucky draws"; goal < 200 ms): eligibility from
// people + interactions, canonical list and SHA-256 (the platform's, as the booth takes it; the
// portable one in a second figure), CSPRNG selection with rejection sampling and
// the audit record — everything `runDraw` does between reading the store and writing. One JSON
// line per figure on stdout, with baselines measured in the same run: a naive Math.random full
// shuffle of the same 100k ids (the unauditable draw everyone writes first) and sorting them.
// People come in primary-key order, as the store's query returns them (RxDB sorts by primary key
// when no sort is given); a second figure feeds them shuffled, to show what that order saves.
// Run alone: npx tsx bench/draw-bench.ts
import { performance } from 'node:perf_hooks';
import {
  conductDraw,
  conductDrawBy,
  cryptoRandomSource,
  eligibleEntrants,
  verifyDrawAudit,
  type Draw,
  type Sha256Digest,
} from '../src/shared/draws';
import { newId } from '../src/shared/ids';
import type { Interaction, Person } from '../src/shared/schemas';

const ENTRANTS = Number(process.env.LEADPOND_BENCH_DRAW_ENTRANTS ?? 100_000);
const RUNS = 30;
const WARMUP = 5;
const log = (...parts: unknown[]) => console.error('[draw-bench]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;

const eventId = newId();
const draw: Draw = {
  id: newId(),
  eventId,
  name: 'bench draw',
  prizes: [
    { id: 'p1', name: 'first', quantity: 1 },
    { id: 'p2', name: 'second', quantity: 3 },
    { id: 'p3', name: 'third', quantity: 10 },
    { id: 'p4', name: 'fourth', quantity: 100 },
  ],
  eligibility: {
    requiredInteractions: ['checked_in'],
    excludePreviousWinners: true,
    requireMarketingConsent: true,
  },
  ownerDeviceId: 'bench',
  status: 'open',
  audit: null,
  createdAt: 0,
  updatedAt: 0,
};

log(`making ${ENTRANTS} checked-in people with consent, plus 10% not checked in`);
const people: Pick<Person, 'id' | 'eventId' | 'consent'>[] = [];
const interactions: Pick<Interaction, 'eventId' | 'personId' | 'type' | 'data'>[] = [];
const consent = { granted: true, textVersion: 'v1', grantedAt: 1 };
for (let i = 0; i < ENTRANTS * 1.1; i++) {
  const id = newId();
  people.push({ id, eventId, consent });
  interactions.push({ eventId, personId: id, type: 'registered', data: {} });
  if (i < ENTRANTS) interactions.push({ eventId, personId: id, type: 'checked_in', data: {} });
}
// The store's order: by primary key (id).
people.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const shuffledPeople = [...people];
for (let i = shuffledPeople.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [shuffledPeople[i], shuffledPeople[j]] = [shuffledPeople[j]!, shuffledPeople[i]!];
}
const fill = (array: Uint32Array) => globalThis.crypto.getRandomValues(array);
const ids = shuffledPeople.map((p) => p.id);

/** Wall time per run, and the CPU time this process spent in it (the machine may be shared). */
const cpuSamples = new Map<number[], number[]>();
function time(fn: () => unknown): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  cpuSamples.set(samples, cpu);
  return samples;
}

/** `time` for a run that awaits (the platform's SHA-256 is async). */
async function timeAsync(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  cpuSamples.set(samples, cpu);
  return samples;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let lastAudit: ReturnType<typeof conductDraw> | null = null;
const entrantsOf = (from: typeof people) =>
  eligibleEntrants({
    drawId: draw.id,
    eventId,
    rule: draw.eligibility,
    people: from,
    interactions,
  });
const drawInput = (entrantIds: string[]) => ({
  draw,
  entrantIds,
  random: cryptoRandomSource(fill),
  drawnAt: Date.now(),
  deviceId: 'bench',
});
/** What the booth's runDraw does: the entrant hash by the platform's native SHA-256. */
const digest: Sha256Digest = (bytes) => globalThis.crypto.subtle.digest('SHA-256', bytes);
const runDraw = (from: typeof people) => async () => {
  lastAudit = await conductDrawBy(drawInput(entrantsOf(from)), digest);
};
/** The same with the portable (pure JavaScript) SHA-256 that verifiers in Node use. */
const runPortableDraw = (from: typeof people) => () => {
  lastAudit = conductDraw(drawInput(entrantsOf(from)));
};
const unsortedSamples = await timeAsync(runDraw(shuffledPeople));
const portableSamples = time(runPortableDraw(people));
const drawSamples = await timeAsync(runDraw(people));
const audit = lastAudit as ReturnType<typeof conductDraw> | null;
if (!audit || audit.entrantIds.length !== ENTRANTS || audit.winners.length !== 114) {
  throw new Error('the benchmarked draw did not pick 114 winners among all entrants');
}
const verifySamples = time(() => {
  if (!verifyDrawAudit(audit).ok) throw new Error('the audit does not verify');
});
const sortSamples = time(() => [...ids].sort());
const shuffleSamples = time(() => {
  const copy = [...ids];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const swap = copy[i]!;
    copy[i] = copy[j]!;
    copy[j] = swap;
  }
  return copy;
});

const shuffleP50 = percentile(shuffleSamples, 50);
const ratio = (n: number) => Math.round((n / shuffleP50) * 10_000) / 10_000;
const shuffleCpuP50 = percentile(cpuSamples.get(shuffleSamples) ?? [], 50);
const cpuRatio = (samples: number[]) =>
  Math.round((percentile(cpuSamples.get(samples) ?? [], 50) / shuffleCpuP50) * 10_000) / 10_000;
const figure = (name: string, samples: number[], extra: Record<string, unknown> = {}) => {
  const p50 = percentile(samples, 50);
  emit({
    name,
    value: round(percentile(samples, 95)),
    p50: round(p50),
    p95: round(percentile(samples, 95)),
    unit: 'ms',
    cpu_p50: round(percentile(cpuSamples.get(samples) ?? [], 50)),
    cpu_p95: round(percentile(cpuSamples.get(samples) ?? [], 95)),
    ...extra,
    n: samples.length,
    entrants: ENTRANTS,
    people: people.length,
    interactions: interactions.length,
    winners: audit.winners.length,
    random_values: audit.randomValues.length,
    baseline: 'math_random_shuffle_100k_p50',
    baseline_cpu: round(shuffleCpuP50),
    baseline_value: round(shuffleP50),
    ratio: ratio(p50),
    cpu_ratio: cpuRatio(samples),
  });
};
figure('draw_100k_entrants_p95_ms', drawSamples, { goal: 200 });
figure('draw_100k_entrants_portable_hash_p95_ms', portableSamples);
figure('draw_100k_entrants_unsorted_people_p95_ms', unsortedSamples);
figure('draw_verify_100k_entrants_p95_ms', verifySamples);
figure('draw_baseline_sort_100k_ids_p95_ms', sortSamples);
emit({
  name: 'draw_audit_json_bytes',
  value: JSON.stringify(audit).length,
  unit: 'bytes',
  entrants: ENTRANTS,
});
