import { describe, expect, it } from 'vitest';
import { assessmentsSearch } from './assessments-search.ts';

const A = '01936f4e-0000-7000-8000-0000000000f1';
const B = '01936f4e-0000-7000-8000-0000000000f2';

describe('assessmentsSearch', () => {
  it('keeps the two ids', () => {
    expect(assessmentsSearch({ from: A, to: B })).toEqual({ from: A, to: B });
  });

  it('drops what is not an id, and anything else', () => {
    expect(assessmentsSearch({ from: 'latest', to: B, view: A })).toEqual({ to: B });
    expect(assessmentsSearch({ from: 42, to: [A] })).toEqual({});
    expect(assessmentsSearch({ from: `${A}' or 1=1` })).toEqual({});
  });
});
