import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './download.ts';

describe('downloads', () => {
  it('offers the name as an attachment in UTF-8 with an ASCII stand-in', () => {
    expect(attachmentDisposition('Prüfbericht (final) 100%.pdf')).toBe(
      `attachment; filename="Pr_fbericht (final) 100_.pdf"; filename*=UTF-8''Pr%C3%BCfbericht%20%28final%29%20100%25.pdf`,
    );
    expect(attachmentDisposition("it's.txt")).toBe(
      `attachment; filename="it's.txt"; filename*=UTF-8''it%27s.txt`,
    );
  });
});
