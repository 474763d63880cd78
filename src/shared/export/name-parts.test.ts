import { describe, expect, it } from 'vitest';
import { splitName } from './name-parts';

describe('splitName', () => {
  it.each([
    ['张伟', { family: '张', given: '伟' }],
    ['王小明', { family: '王', given: '小明' }],
    ['欧阳娜娜', { family: '欧阳', given: '娜娜' }],
    // Two characters starting like a compound surname are still family + given.
    ['欧阳', { family: '欧', given: '阳' }],
    ['李', { family: '李', given: '' }],
    ['Anna Schmidt', { family: 'Schmidt', given: 'Anna' }],
    ['  Mary  Jane   Watson ', { family: 'Watson', given: 'Mary Jane' }],
    ['Madonna', { family: 'Madonna', given: '' }],
    ['', { family: '', given: '' }],
    // Mixed scripts are read the Latin way: the last word is the family name.
    ['David 王', { family: '王', given: 'David' }],
  ])('%s', (name, parts) => {
    expect(splitName(name)).toEqual(parts);
  });
});
