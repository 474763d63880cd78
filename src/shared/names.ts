import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/**
 * The name's letters as one spelling, for comparing people: Han characters become toneless pinyin
 * (surnames read as surnames: 曾 → zeng), Latin text is lower-cased and stripped of accents; spaces,
 * dots and dashes go ("Zhang San", "zhang-san" and 张三 all read "zhangsan"). Tokens are also kept
 * so "San Zhang" (given name first, as on many English badges) can match too.
 */
function spellings(name: string): { joined: string; sortedTokens: string } {
  const text = name.normalize('NFKC').trim();
  const words = HAN.test(text)
    ? pinyin(text, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    : text.split(/[\s·.\-_,]+/);
  const tokens = words
    .map((word) =>
      word
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]/gu, ''),
    )
    .filter((word) => word !== '');
  return { joined: tokens.join(''), sortedTokens: [...tokens].sort().join('') };
}

/**
 * Whether two captured names can belong to one person (DESIGN.md "Trust": 张三 = Zhang San =
 * zhangsan). An empty name contradicts nothing. Different names are a contradiction, also when one
 * contains the other (张三 and 张三丰 are two people), and between homophones written in
 * characters (张三 and 章三): a key match with a contradicting name is a
 * question for marketing, never an automatic merge.
 */
export function namesCompatible(a: string, b: string): boolean {
  const x = spellings(a);
  const y = spellings(b);
  if (x.joined === '' || y.joined === '') return true;
  // Two names in characters are compared as characters: 张三 and 章三 sound alike but are two
  // names (an input-method slip is a question for marketing, not evidence). Pinyin bridges only
  // a name in characters and one in letters.
  if (HAN.test(a) && HAN.test(b)) return hanLetters(a) === hanLetters(b);
  return x.joined === y.joined || x.sortedTokens === y.sortedTokens;
}

const hanLetters = (name: string) =>
  name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
