import { describe, expect, it } from 'vitest';
import { textColourOn } from './level-badge.tsx';

describe('textColourOn', () => {
  it('puts white on dark colours and black on light ones', () => {
    expect(textColourOn('#c92a2a')).toBe('#ffffff');
    expect(textColourOn('#1c1c1c')).toBe('#ffffff');
    expect(textColourOn('#fab005')).toBe('#000000');
    expect(textColourOn('#ffffff')).toBe('#000000');
  });
});
