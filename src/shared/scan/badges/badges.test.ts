import { describe, expect, it } from 'vitest';
import { classifyScan } from '../classify';

describe('badge parsers', () => {
  it('reads a vCard 3.0 badge with folded lines, escapes and a Chinese name', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:张;三;;;',
      'FN:张三',
      'ORG:示例科技有限公司;市场部',
      'TITLE:市场总监',
      'TEL;TYPE=WORK,VOICE:010-6552 9988',
      'TEL;TYPE=CELL:138 0013 8000',
      'EMAIL;TYPE=INTERNET:Zhang.San@Example.COM',
      'ADR;TYPE=WORK:;;朝阳区建国路 1 号;北京;北京市;100022;中国',
      'X-WECHAT:zhangsan_88',
      'NOTE:Likes long\\, folded',
      '  notes',
      'END:VCARD',
    ].join('\r\n');
    expect(classifyScan(card)).toEqual({
      kind: 'badge',
      format: 'vcard',
      badgeCode: card,
      fields: {
        name: '张三',
        phone: '+8613800138000',
        email: 'zhang.san@example.com',
        wechatId: 'zhangsan_88',
        company: '示例科技有限公司',
        department: '市场部',
        title: '市场总监',
        province: '北京市',
        city: '北京',
      },
    });
  });

  it('reads vCard 4.0 with tel: URIs, IMPP WeChat and a structured name only', () => {
    const card =
      'BEGIN:VCARD\nVERSION:4.0\nN:Smith;Alice;;;\nTEL;VALUE=uri;TYPE="cell,voice":tel:+1-415-555-0134\nEMAIL:alice@acme.io\nIMPP:weixin:alice-wx\nORG:Acme\\, Inc.\nEND:VCARD';
    expect(classifyScan(card)).toMatchObject({
      kind: 'badge',
      format: 'vcard',
      fields: {
        name: 'Alice Smith',
        phone: '+14155550134',
        email: 'alice@acme.io',
        wechatId: 'alice-wx',
        company: 'Acme, Inc.',
      },
    });
  });

  it('reads vCard 2.1 quoted-printable UTF-8 and bare TEL types', () => {
    const card =
      'BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E=E5=9B=9B\nTEL;CELL:13912345678\nEND:VCARD';
    expect(classifyScan(card)).toMatchObject({ fields: { name: '李四', phone: '+8613912345678' } });
  });

  it('keeps the good lines of a broken vCard and drops invalid phone and email', () => {
    const card = 'BEGIN:VCARD\nthis line is junk\nFN:Bob Lee\nTEL:12\nEMAIL:not-an-email\n';
    expect(classifyScan(card)).toMatchObject({ kind: 'badge', fields: { name: 'Bob Lee' } });
    const result = classifyScan(card);
    expect(result.kind === 'badge' && result.fields.phone).toBeFalsy();
    expect(result.kind === 'badge' && result.fields.email).toBeFalsy();
  });

  it('reads MECARD with escapes, family/given order and ORG/TITLE', () => {
    expect(
      classifyScan(
        'MECARD:N:王,五;TEL:+86 139 1234 5678;EMAIL:wangwu@example.cn;ORG:云图\\;数据;TITLE:CTO;;',
      ),
    ).toMatchObject({
      kind: 'badge',
      format: 'mecard',
      fields: {
        name: '王五',
        phone: '+8613912345678',
        email: 'wangwu@example.cn',
        company: '云图;数据',
        title: 'CTO',
      },
    });
    expect(classifyScan('MECARD:N:Doe,John;;')).toMatchObject({ fields: { name: 'John Doe' } });
  });

  it('reads plain email, phone, mailto:, tel: and URL badges', () => {
    expect(classifyScan(' Someone@Example.com ')).toMatchObject({
      format: 'plain',
      fields: { email: 'someone@example.com' },
    });
    expect(classifyScan('mailto:a@b.co')).toMatchObject({ fields: { email: 'a@b.co' } });
    expect(classifyScan('13800138000')).toMatchObject({ fields: { phone: '+8613800138000' } });
    expect(classifyScan('tel:+44 20 7946 0958')).toMatchObject({
      fields: { phone: '+442079460958' },
    });
    expect(classifyScan('https://expo.example.com/b/8F3K2')).toEqual({
      kind: 'badge',
      format: 'plain',
      fields: {},
      badgeCode: 'https://expo.example.com/b/8F3K2',
    });
  });

  it('keeps an unknown code raw for staff to complete', () => {
    expect(classifyScan('EXPO2026-000123-VIP')).toEqual({
      kind: 'unknown',
      badgeCode: 'EXPO2026-000123-VIP',
    });
  });

  it('routes tickets and rejects empty, binary and oversized input with a reason', () => {
    expect(classifyScan('  LP1.abc.def ')).toEqual({ kind: 'ticket', text: 'LP1.abc.def' });
    expect(classifyScan('   \n')).toEqual({ kind: 'rejected', reason: 'empty' });
    expect(classifyScan('\u0000\u0001\u0002\u0003abc')).toEqual({
      kind: 'rejected',
      reason: 'binary',
    });
    expect(classifyScan('x'.repeat(5000))).toEqual({ kind: 'rejected', reason: 'tooLong' });
    expect(classifyScan(42)).toEqual({ kind: 'rejected', reason: 'binary' });
  });

  it('treats a parser that throws as not matching, and lets an organizer add a format', () => {
    const throwing = {
      id: 'bad',
      parse: () => {
        throw new Error('boom');
      },
    };
    const organizer = {
      id: 'expo',
      parse: (text: string) => (text.startsWith('EXPO|') ? { name: text.split('|')[1] } : null),
    };
    expect(classifyScan('EXPO|Carol', [throwing, organizer])).toMatchObject({
      kind: 'badge',
      format: 'expo',
      fields: { name: 'Carol' },
    });
  });
});
