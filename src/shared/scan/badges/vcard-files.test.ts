import { describe, expect, it } from 'vitest';
import { classifyScan, MAX_BADGE_CODE_LENGTH, MAX_SCAN_LENGTH } from '../classify';

/** A JPEG's worth of base64: far more than a QR code holds, as address books export photos. */
const PHOTO = 'LzlqLzRBQVFTa1pKUmdBQkFRRUFTQUJJQUFELzJ3QkRBQU1DQWdNQ0FnTURBd01FQXdNRUJRZ0ZC'.repeat(
  200,
);
const folded = (value: string, width = 75) =>
  value.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\r\n ');

const fieldsOf = (text: string) => {
  const result = classifyScan(text);
  if (result.kind !== 'badge') throw new Error(`not read as a badge: ${JSON.stringify(result)}`);
  return result;
};

describe('contact cards from real address books', () => {
  it('iPhone / macOS Contacts (vCard 3.0, folded base64 PHOTO): read without the photo', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
      'N:李;小龙;;;',
      'FN:李小龙',
      'ORG:示例科技;研发部',
      'TITLE:研发总监',
      'TEL;type=CELL;type=VOICE;type=pref:139 1234 5678',
      'EMAIL;type=INTERNET;type=HOME;type=pref:li@example.cn',
      `PHOTO;ENCODING=b;TYPE=JPEG:${folded(PHOTO)}`,
      'END:VCARD',
    ].join('\r\n');
    expect(card.length).toBeGreaterThan(MAX_SCAN_LENGTH);
    const badge = fieldsOf(card);
    expect(badge.fields).toMatchObject({
      name: '李小龙',
      phone: '+8613912345678',
      email: 'li@example.cn',
      company: '示例科技',
      title: '研发总监',
    });
    expect(badge.badgeCode).not.toContain(PHOTO.slice(0, 40));
    expect(badge.badgeCode.length).toBeLessThanOrEqual(MAX_BADGE_CODE_LENGTH);
  });

  it('Outlook 2007 (vCard 2.1, indented base64 up to a blank line)', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;LANGUAGE=zh-cn:王;五',
      'FN:王五',
      'ORG:示例制造',
      'TEL;CELL;VOICE:13800138000',
      'EMAIL;PREF;INTERNET:wang@example.com',
      'PHOTO;TYPE=JPEG;ENCODING=BASE64:',
      ...(PHOTO.match(/.{1,76}/g) ?? []).map((line) => ` ${line}`),
      '',
      'X-MS-OL-DEFAULT-POSTAL-ADDRESS:0',
      'END:VCARD',
    ].join('\r\n');
    expect(fieldsOf(card).fields).toMatchObject({
      name: '王五',
      phone: '+8613800138000',
      email: 'wang@example.com',
      company: '示例制造',
    });
  });

  it('Lotus Notes (vCard 2.1, base64 on unindented lines)', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN:Zhao Liu',
      'TEL;WORK:+86 21 5555 0101',
      'PHOTO;ENCODING=BASE64;TYPE=JPEG:',
      ...(PHOTO.match(/.{1,76}/g) ?? []),
      '',
      'EMAIL;INTERNET:zhao.liu@example.com',
      'END:VCARD',
    ].join('\r\n');
    expect(fieldsOf(card).fields).toMatchObject({
      name: 'Zhao Liu',
      email: 'zhao.liu@example.com',
    });
  });

  it('Thunderbird (vCard 4.0, PHOTO as a data: URI) and a LOGO', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Chen Qi',
      'EMAIL;PREF=1:chen.qi@example.com',
      `PHOTO:data:image/jpeg;base64,${PHOTO}`,
      `item1.LOGO;ENCODING=b:${PHOTO}`,
      'TITLE:Purchasing Manager',
      'END:VCARD',
    ].join('\n');
    expect(fieldsOf(card).fields).toMatchObject({
      name: 'Chen Qi',
      email: 'chen.qi@example.com',
      title: 'Purchasing Manager',
    });
  });

  it("two cards in one code (RFC 2426's example): the first person only, never a mix", () => {
    const text = [
      'BEGIN:vCard',
      'VERSION:3.0',
      'FN:Frank Dawson',
      'ORG:Lotus Development Corporation',
      'ADR;TYPE=WORK,POSTAL,PARCEL:;;6544 Battleford Drive',
      ' ;Raleigh;NC;27613-3502;U.S.A.',
      'TEL;TYPE=VOICE,MSG,WORK:+1-919-676-9515',
      'TEL;TYPE=FAX,WORK:+1-919-676-9564',
      'EMAIL;TYPE=INTERNET,PREF:Frank_Dawson@Lotus.com',
      'EMAIL;TYPE=INTERNET:fdawson@earthlink.net',
      'URL:http://home.earthlink.net/~fdawson',
      'END:vCard',
      '',
      'BEGIN:vCard',
      'VERSION:3.0',
      'FN:Tim Howes',
      'ORG:Netscape Communications Corp.',
      'ADR;TYPE=WORK:;;501 E. Middlefield Rd.;Mountain View;',
      ' CA; 94043;U.S.A.',
      'TEL;TYPE=VOICE,MSG,WORK:+1-415-937-3419',
      'TEL;TYPE=FAX,WORK:+1-415-528-4164',
      'EMAIL;TYPE=INTERNET:howes@netscape.com',
      'END:vCard',
    ].join('\r\n');
    const badge = fieldsOf(text);
    expect(badge.fields).toMatchObject({
      name: 'Frank Dawson',
      company: 'Lotus Development Corporation',
      phone: '+19196769515',
      email: 'frank_dawson@lotus.com',
      city: 'Raleigh',
    });
    expect(JSON.stringify(badge)).not.toMatch(/Howes|netscape|415-937/i);
  });

  it('keeps a plain single card exactly as scanned, so earlier badge codes still match', () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张三\r\n TEL:1\r\nEND:VCARD';
    expect(fieldsOf(card).badgeCode).toBe(card);
  });

  it('still refuses a card that is too long without its photo', () => {
    const card = `BEGIN:VCARD\nNOTE:${'x'.repeat(MAX_SCAN_LENGTH)}\nEND:VCARD`;
    expect(classifyScan(card)).toEqual({ kind: 'rejected', reason: 'tooLong' });
  });
});
