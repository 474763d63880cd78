/**
 * A full name as a CRM's family and given name (Salesforce requires "Last Name"; HubSpot splits
 * First/Last). Chinese names have no space: the family name comes first, one character or one of
 * the compound surnames; Latin names end with the family name.
 */

/** The compound surnames in use today (the two-character ones people actually meet). */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '申屠',
  '澹台',
  '公冶',
  '太史',
  '钟离',
  '闻人',
  '赫连',
  '呼延',
  '万俟',
  '单于',
  '百里',
]);

const HAN = /^\p{Script=Han}+$/u;

export interface NameParts {
  family: string;
  given: string;
}

export function splitName(fullName: string): NameParts {
  const name = fullName.trim().replace(/\s+/g, ' ');
  if (name === '') return { family: '', given: '' };
  if (HAN.test(name)) {
    const chars = [...name];
    if (chars.length <= 1) return { family: name, given: '' };
    const compound = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join(''));
    const cut = compound ? 2 : 1;
    return { family: chars.slice(0, cut).join(''), given: chars.slice(cut).join('') };
  }
  const words = name.split(' ');
  if (words.length === 1) return { family: name, given: '' };
  return { family: words.at(-1) as string, given: words.slice(0, -1).join(' ') };
}
