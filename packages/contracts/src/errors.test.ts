import { describe, expect, it } from 'vitest';
import { ERROR_CODES, problemType, ZProblem } from './errors.ts';

describe('error taxonomy', () => {
  it('gives every code an error status, a title and a distinct problem type', () => {
    const types = new Set<string>();
    for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(title.length).toBeGreaterThan(3);
      types.add(problemType(code as keyof typeof ERROR_CODES));
    }
    expect(types.size).toBe(Object.keys(ERROR_CODES).length);
    expect(problemType('validation_failed')).toBe('https://vigil.dev/problems/validation-failed');
  });

  it('accepts a well-formed problem and rejects an unknown code', () => {
    const problem = {
      type: problemType('not_found'),
      title: 'Not found',
      status: 404,
      code: 'not_found',
      requestId: 'r1',
    };
    expect(ZProblem.parse(problem)).toEqual(problem);
    expect(ZProblem.safeParse({ ...problem, code: 'teapot' }).success).toBe(false);
  });
});
