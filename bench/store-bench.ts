import { newId } from '../src/shared/ids';
import { createPerson } from '../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, type LeadEvent, type Person } from '../src/shared/schemas';
import { openLeadDatabase } from '../src/renderer/store/database';
import { loadDeviceSettings, updateDeviceSettings } from '../src/renderer/store/device';
import { registerAttendee, saveEvent, type CaptureContext } from '../src/renderer/store/leads';
import { PeopleSearch } from '../src/renderer/store/people-search';
import { ticketFor } from '../src/renderer/store/event-keys';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const COMPANIES = [
  '华为技术',
  '腾讯科技',
  '阿里云',
  '字节跳动',
  '京东集团',
  '美团',
  '小米科技',
  '百度在线',
  '网易',
  '比亚迪',
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella',
  'Siemens China',
];

function pick<T>(list: ArrayLike<T>, i: number): T {
  return list[i % list.length] as T;
}

function syntheticPhone(i: number): string {
  return `+86139${String(10_000_000 + i).slice(-8)}`;
}

function syntheticPerson(i: number, eventId: string, at: number): Person {
  const name =
    pick(SURNAMES, i * 7) + pick(GIVEN, i * 13) + (i % 3 === 0 ? pick(GIVEN, i * 17) : '');
  const phone = syntheticPhone(i);
  return createPerson(
    newId(),
    eventId,
    {
      ...EMPTY_PERSON_INPUT,
      name,
      phone,
      email: `user${i}@example.cn`,
      company: pick(COMPANIES, i),
    },
    { granted: true, textVersion: 'v1', grantedAt: at },
    { source: 'import', deviceId: 'bench', at: at + i },
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (n: number) => Math.round(n * 100) / 100;
/** Ratios keep four decimals: a 500× win must not print as 0. */
const ratioOf = (n: number) => Math.round(n * 10_000) / 10_000;

async function rawIndexedDbPuts(count: number, sample: object): Promise<number[]> {
  const name = `bench-raw-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('docs', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('docs', 'readwrite', { durability: 'strict' });
      tx.objectStore('docs').put({ ...sample, id: `raw-${i}` });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    times.push(performance.now() - started);
  }
  db.close();
  indexedDB.deleteDatabase(name);
  return times;
}

export interface StoreBenchOptions {
  people: number;
  databaseName: string;
}

/** Seeds the store, then measures what staff and attendees feel. Returns JSON-line figures. */
async function runStoreBench({ people, databaseName }: StoreBenchOptions) {
  const figures: Record<string, unknown>[] = [];
  const at = Date.now();
  let db = await openLeadDatabase({ name: databaseName });
  const ctx: CaptureContext = {
    db,
    deviceId: 'bench',
    staffId: 'bench',
    clock: () => Date.now(),
    newId,
  };
  const saved = await saveEvent(ctx, {
    name: '基准测试展会',
    venue: 'Bench',
    startsOn: '2026-11-25',
    endsOn: '2026-11-26',
    cost: { amount: 100000, currency: 'CNY' },
    form: { fields: ['name', 'phone', 'email', 'company'], required: ['name', 'phone'] },
    interests: ['CRM'],
    consent: { text: 'consent', version: 'v1', translations: [] },
    kioskIdleSeconds: 60,
    retentionDays: 90,
  });
  if (!saved.ok) throw new Error('event');
  const event: LeadEvent = saved.value;
  await loadDeviceSettings(db, newId);
  await updateDeviceSettings(db, { currentEventId: event.id });

  let started = performance.now();
  const CHUNK = 5000;
  for (let from = 0; from < people; from += CHUNK) {
    const docs: Person[] = [];
    for (let i = from; i < Math.min(people, from + CHUNK); i++)
      docs.push(syntheticPerson(i, event.id, at));
    await db.people.bulkInsert(docs);
  }
  figures.push({
    name: 'seed_people_ms',
    value: round(performance.now() - started),
    unit: 'ms',
    people,
  });

  // Reopen, as the app does at start-up.
  await db.close();
  started = performance.now();
  db = await openLeadDatabase({ name: databaseName });
  figures.push({
    name: 'db_open_ms',
    value: round(performance.now() - started),
    unit: 'ms',
    people,
  });
  ctx.db = db;
  const firstStart = new PeopleSearch(db);
  started = performance.now();
  await firstStart.start();
  const fullLoad = performance.now() - started;
  figures.push({
    name: 'search_index_load_ms',
    value: round(fullLoad),
    unit: 'ms',
    people,
    from: 'all documents',
  });
  await firstStart.stop();
  // What every later start-up does: the snapshot plus the changes since it.
  const search = new PeopleSearch(db);
  started = performance.now();
  await search.start();
  const snapshotLoad = performance.now() - started;
  figures.push({
    name: 'search_index_load_from_snapshot_ms',
    value: round(snapshotLoad),
    unit: 'ms',
    people,
    baseline: 'search_index_load_all_documents',
    baseline_value: round(fullLoad),
    ratio: ratioOf(snapshotLoad / fullLoad),
  });

  const queries: string[] = [];
  for (let i = 0; i < 200; i++) {
    const n = (i * 7919) % people;
    const person = syntheticPerson(n, event.id, at);
    const kind = i % 6;
    queries.push(
      kind === 0
        ? (person.searchKey.split('\u0001')[3] ?? 'zs') // initials
        : kind === 1
          ? (person.searchKey.split('\u0001')[2] ?? 'zhang') // full pinyin
          : kind === 2
            ? person.name
            : kind === 3
              ? person.phone.slice(-4)
              : kind === 4
                ? pick(COMPANIES, n)
                : `user${n}@`,
    );
  }
  const searchTimes: number[] = [];
  for (const query of queries) {
    const t0 = performance.now();
    const { ids } = search.search(event.id, query, 50);
    await db.people.findByIds(ids).exec();
    searchTimes.push(performance.now() - t0);
  }
  const baselineTimes: number[] = [];
  for (const query of queries.slice(0, 20)) {
    const t0 = performance.now();
    await db.people
      .find({
        selector: {
          eventId: event.id,
          searchKey: { $regex: query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') },
        },
        limit: 50,
      })
      .exec();
    baselineTimes.push(performance.now() - t0);
  }
  const searchP95 = percentile(searchTimes, 95);
  const regexP95 = percentile(baselineTimes, 95);
  figures.push({
    name: 'search_p95_ms',
    value: round(searchP95),
    p50: round(percentile(searchTimes, 50)),
    unit: 'ms',
    goal: 50,
    n: searchTimes.length,
    people,
    baseline: 'rxdb_regex_query',
    baseline_value: round(regexP95),
    ratio: ratioOf(searchP95 / regexP95),
  });

  const submitTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const result = await registerAttendee(
      ctx,
      event,
      {
        ...EMPTY_PERSON_INPUT,
        name: `访客${i}`,
        phone: `+86137${String(20_000_000 + i).slice(-8)}`,
        company: 'Bench',
      },
      { source: 'kiosk', consentGranted: true, requireConsent: true },
    );
    submitTimes.push(performance.now() - t0);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  }
  const rawTimes = await rawIndexedDbPuts(200, syntheticPerson(1, event.id, at));
  const submitP95 = percentile(submitTimes, 95);
  const rawP95 = percentile(rawTimes, 95);
  figures.push({
    name: 'kiosk_submit_p95_ms',
    value: round(submitP95),
    p50: round(percentile(submitTimes, 50)),
    unit: 'ms',
    goal: 30,
    n: submitTimes.length,
    people,
    baseline: 'raw_indexeddb_strict_put',
    baseline_value: round(rawP95),
    ratio: ratioOf(submitP95 / rawP95),
  });
  await search.stop();
  await db.close();
  return figures;
}

/** Signed tickets of `count` people spread over the seeded event, for the check-in benches. */
async function benchTickets({
  databaseName,
  count,
  seeded,
}: {
  databaseName: string;
  count: number;
  seeded: number;
}) {
  const db = await openLeadDatabase({ name: databaseName });
  try {
    const settings = await loadDeviceSettings(db, newId);
    const eventDoc = await db.events.findOne(settings.currentEventId).exec();
    if (!eventDoc) throw new Error('no seeded event');
    const event = eventDoc.toJSON() as LeadEvent;
    const stride = Math.max(1, Math.floor(seeded / count));
    const tickets: string[] = [];
    for (let i = 0; i < count; i++) {
      // Seeded people are found by their synthetic phone number (indexed), spread over the store.
      const phone = syntheticPhone(i * stride);
      const person = await db.people.findOne({ selector: { eventId: event.id, phone } }).exec();
      if (!person) throw new Error(`seeded person ${i * stride} missing`);
      const ticket = await ticketFor(db, event, person.toJSON());
      if (!ticket) throw new Error('the seeded event has no local key');
      tickets.push(ticket);
    }
    return tickets;
  } finally {
    await db.close();
  }
}

Object.assign(window, { runStoreBench, benchTickets });
