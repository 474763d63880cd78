import { afterEach, describe, expect, it } from 'vitest';
import { classifyScan } from '../../shared/scan';
import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  type PersonInput,
} from '../../shared/schemas';
import { captureBadge } from './checkins';
import { dismissDuplicate, loadOpenDuplicates, mergeDuplicate } from './duplicates';
import { loadQualification, registerAttendee, saveNewLead, saveQualification } from './leads';
import { closeTestStores, openStore } from './testing';

afterEach(closeTestStores);

const kiosk = { source: 'kiosk' as const, consentGranted: true, requireConsent: true };
const entry = (fields: Partial<PersonInput>) => ({ ...EMPTY_PERSON_INPUT, ...fields });
const ZHANG = entry({ name: '张三', phone: '13800138000', email: 'zhangsan@example.com' });
const ZHANG_SANFENG = entry({ name: '张三丰', phone: '138 0013 8000', email: 'zsf@example.com' });

async function storeWithZhang() {
  const store = await openStore();
  const first = await saveNewLead(store.ctx, store.event, ZHANG, true, { kind: 'ask' });
  if (!first.ok || first.value.kind !== 'saved') throw new Error('seed failed');
  return { ...store, zhang: first.value.person };
}

describe('staff form: a match is a question', () => {
  it('writes nothing and returns the existing lead when the typed phone matches', async () => {
    const { db, ctx, event, zhang } = await storeWithZhang();
    const asked = await saveNewLead(ctx, event, ZHANG_SANFENG, false, { kind: 'ask' });
    expect(asked).toMatchObject({
      ok: true,
      value: {
        kind: 'matches',
        matches: [{ person: { id: zhang.id, name: '张三' }, keys: ['phone'] }],
      },
    });
    expect(await db.people.count().exec()).toBe(1);
    expect((await db.people.findOne(zhang.id).exec())?.toJSON()).toMatchObject({
      name: '张三',
      email: 'zhangsan@example.com',
    });
  });

  it('saves as a different person on request, leaving the existing lead untouched', async () => {
    const { db, ctx, event, zhang } = await storeWithZhang();
    const saved = await saveNewLead(ctx, event, ZHANG_SANFENG, false, { kind: 'separate' });
    if (!saved.ok || saved.value.kind !== 'saved') throw new Error('not saved');
    expect(saved.value.person).toMatchObject({ name: '张三丰', phone: '+8613800138000' });
    expect(saved.value.person.id).not.toBe(zhang.id);
    expect((await db.people.findOne(zhang.id).exec())?.toJSON()).toEqual(zhang);
    // Staff judged them distinct: the pair is closed, and the pool hears it with the facts.
    expect(await loadOpenDuplicates(db, zhang.id)).toEqual([]);
    const facts = await db.interactions
      .find({ selector: { personId: saved.value.person.id } })
      .exec();
    expect(facts.map((f) => [f.type, f.data.otherPersonId ?? f.data.channel])).toEqual(
      expect.arrayContaining([
        ['registered', 'staff'],
        ['duplicate_resolved', zhang.id],
      ]),
    );
  });

  it('merges field by field: fills what is empty, replaces only what staff picked', async () => {
    const { db, ctx, event, zhang } = await storeWithZhang();
    const typed = { ...ZHANG_SANFENG, title: '总监' };
    const merged = await saveNewLead(ctx, event, typed, false, {
      kind: 'merge',
      into: zhang.id,
      picks: { name: 'existing', email: 'typed' },
    });
    expect(merged).toMatchObject({ ok: true, value: { kind: 'saved', person: { id: zhang.id } } });
    expect(await db.people.count().exec()).toBe(1);
    expect((await db.people.findOne(zhang.id).exec())?.toJSON()).toMatchObject({
      name: '张三',
      email: 'zsf@example.com',
      title: '总监',
      phone: '+8613800138000',
    });
    const unpicked = await saveNewLead(
      ctx,
      event,
      entry({ name: '张三丰', phone: '13800138000' }),
      false,
      {
        kind: 'merge',
        into: zhang.id,
        picks: {},
      },
    );
    expect(unpicked.ok && unpicked.value.kind === 'saved' && unpicked.value.person.name).toBe(
      '张三',
    );
  });
});

describe('kiosk: never overwrite, never reveal, lose nothing', () => {
  async function storeWithLi() {
    const store = await openStore();
    const li = await saveNewLead(
      store.ctx,
      store.event,
      entry({
        name: '李小龙',
        phone: '13912345678',
        email: 'bruce@example.com',
        company: '嘉禾',
        wechatId: 'wx_li',
      }),
      true,
      { kind: 'ask' },
    );
    if (!li.ok || li.value.kind !== 'saved') throw new Error('seed failed');
    const person = li.value.person;
    await saveQualification(
      store.ctx,
      store.event.id,
      person.id,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot' },
      '老客户，要报价',
    );
    return { ...store, li: person };
  }

  it("keeps a stranger with 李小龙's phone as their own person, linked as a possible duplicate", async () => {
    const { db, ctx, event, li } = await storeWithLi();
    const liQualification = await loadQualification(db, event.id, li.id);
    const stranger = await registerAttendee(
      ctx,
      event,
      entry({ name: '王五', phone: '139 1234 5678', email: 'wangwu@example.com', company: '别家' }),
      kiosk,
    );
    expect(stranger.ok).toBe(true);
    if (!stranger.ok) return;
    const newcomer = stranger.value.person;
    expect(newcomer.id).not.toBe(li.id);
    // 李小龙 exactly as before: name, email, company, WeChat id, rating, notes.
    expect((await db.people.findOne(li.id).exec())?.toJSON()).toEqual(li);
    expect(await loadQualification(db, event.id, li.id)).toEqual(liQualification);
    // The stranger inherits nothing of his.
    expect(newcomer).toMatchObject({
      name: '王五',
      email: 'wangwu@example.com',
      company: '别家',
      wechatId: '',
    });
    expect(await loadQualification(db, event.id, newcomer.id)).toBeNull();
    // Their registration is kept, and staff see the pair from either side.
    const registered = await db.interactions
      .find({ selector: { personId: newcomer.id, type: 'registered' } })
      .exec();
    expect(registered).toHaveLength(1);
    expect((await loadOpenDuplicates(db, li.id)).map((d) => [d.other.name, d.keys])).toEqual([
      ['王五', ['phone']],
    ]);
    expect((await loadOpenDuplicates(db, newcomer.id)).map((d) => d.other.name)).toEqual([
      '李小龙',
    ]);
  });

  it('fills only empty fields when the names agree, recording what was typed differently', async () => {
    const { db, ctx, event, li } = await storeWithLi();
    const again = await registerAttendee(
      ctx,
      event,
      entry({
        name: 'Li Xiaolong',
        phone: '13912345678',
        company: 'Golden Harvest',
        title: '演员',
      }),
      kiosk,
    );
    expect(again.ok && again.value.person.id).toBe(li.id);
    expect((await db.people.findOne(li.id).exec())?.toJSON()).toMatchObject({
      name: '李小龙',
      company: '嘉禾',
      email: 'bruce@example.com',
      title: '演员',
    });
    const facts = await db.interactions
      .find({ selector: { personId: li.id, type: 'registered' } })
      .exec();
    expect(facts.at(-1)?.data).toMatchObject({
      channel: 'kiosk',
      'typed.name': 'Li Xiaolong',
      'typed.company': 'Golden Harvest',
    });
    expect(await db.people.count().exec()).toBe(1);
    expect(await loadOpenDuplicates(db, li.id)).toEqual([]);
  });

  it('a badge with a known email and another name follows the same rule', async () => {
    const { db, ctx, event, li } = await storeWithLi();
    const scan = classifyScan(
      'BEGIN:VCARD\nVERSION:3.0\nFN:Alice Smith\nEMAIL:bruce@example.com\nEND:VCARD',
    );
    if (scan.kind !== 'badge') throw new Error('expected a badge');
    const badge = await captureBadge({ ...ctx, deviceName: 'Booth-1' }, event, scan, 'camera');
    expect(badge.isNew).toBe(true);
    expect(badge.person).toMatchObject({ name: 'Alice Smith', email: 'bruce@example.com' });
    expect((await db.people.findOne(li.id).exec())?.toJSON()).toEqual(li);
    expect((await loadOpenDuplicates(db, li.id)).map((d) => d.other.id)).toEqual([badge.person.id]);
  });
});

describe('possible duplicates on the person panel', () => {
  it('dismissing closes the pair on both sides and changes neither person', async () => {
    const { db, ctx, event, zhang } = await storeWithZhang();
    const other = await registerAttendee(
      ctx,
      event,
      entry({ name: '张三丰', phone: '13912345678', email: 'zhangsan@example.com' }),
      kiosk,
    );
    if (!other.ok) throw new Error('setup');
    expect(await loadOpenDuplicates(db, zhang.id)).toHaveLength(1);
    await dismissDuplicate(ctx, event, other.value.person.id, zhang.id);
    expect(await loadOpenDuplicates(db, zhang.id)).toEqual([]);
    expect(await loadOpenDuplicates(db, other.value.person.id)).toEqual([]);
    expect(await db.people.count().exec()).toBe(2);
  });

  it('merging keeps one person with picked values, both qualifications and every fact', async () => {
    const { db, ctx, event, zhang } = await storeWithZhang();
    await saveQualification(
      ctx,
      event.id,
      zhang.id,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'warm' },
      '第一次',
    );
    const other = await registerAttendee(
      ctx,
      event,
      entry({
        name: 'Zhang Sanfeng',
        phone: '13912345678',
        email: 'zhangsan@example.com',
        title: 'CTO',
      }),
      kiosk,
    );
    if (!other.ok) throw new Error('setup');
    const newcomer = other.value.person;
    await saveQualification(
      ctx,
      event.id,
      newcomer.id,
      { ...EMPTY_QUALIFICATION_FIELDS, rating: 'hot' },
      '第二次',
    );
    const merged = await mergeDuplicate(ctx, event, zhang.id, newcomer.id, { phone: 'typed' });
    expect(merged).toMatchObject({
      id: zhang.id,
      name: '张三',
      phone: '+8613912345678',
      title: 'CTO',
    });
    expect(await db.people.findOne(newcomer.id).exec()).toBeNull();
    const qualification = await loadQualification(db, event.id, zhang.id);
    expect(qualification?.rating).toBe('hot');
    expect(qualification?.notes.map((n) => n.text)).toEqual(['第一次', '第二次']);
    expect(await loadQualification(db, event.id, newcomer.id)).toBeNull();
    const registrations = await db.interactions
      .find({ selector: { personId: zhang.id, type: 'registered' } })
      .exec();
    expect(registrations).toHaveLength(2);
    expect(await loadOpenDuplicates(db, zhang.id)).toEqual([]);
  });
});
