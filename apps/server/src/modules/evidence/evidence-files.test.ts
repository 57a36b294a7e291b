import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  declaredZipBomb,
  docm,
  docx,
  EXE,
  gif,
  HTML,
  HTML_THEN_PDF,
  jpeg,
  lyingZipBomb,
  MARKDOWN_WITH_HANDLER,
  odf,
  overlappingZipBomb,
  PDF_THEN_HTML,
  pdf,
  png,
  pptx,
  SVG,
  webp,
  XML_SVG,
  xlsx,
  zip,
} from './evidence.corpus.ts';
import { cleanFileName, inspectFile, OFFICE_ZIP_LIMITS } from './evidence-files.ts';
import { readZipDirectory, ZipRefused } from './zip-directory.ts';

/** The refusal of an upload: its code and detail. */
async function refusal(bytes: Buffer, filename: string, mimetype?: string): Promise<[string, string]> {
  try {
    await inspectFile(bytes, { filename, mimetype });
  } catch (error) {
    if (error instanceof AppError) return [error.code, error.detail];
    throw error;
  }
  throw new Error(`${filename} was accepted`);
}

describe('evidence file types', () => {
  it.each([
    ['scan.pdf', pdf(), 'application/pdf', 'pdf', 'scan.pdf'],
    ['screenshot.PNG', png(), 'image/png', 'png', 'screenshot.png'],
    ['badge photo.jpeg', jpeg(), 'image/jpeg', 'jpeg', 'badge photo.jpeg'],
    ['badge.jpg', jpeg(), 'image/pjpeg', 'jpeg', 'badge.jpg'],
    ['logo.gif', gif(), 'image/gif', 'gif', 'logo.gif'],
    ['diagram.webp', webp(), 'image/webp', 'webp', 'diagram.webp'],
    [
      'review.docx',
      docx(),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'docx',
      'review.docx',
    ],
    ['inventory.xlsx', xlsx(), 'application/zip', 'xlsx', 'inventory.xlsx'],
    ['training.pptx', pptx(), '', 'pptx', 'training.pptx'],
    ['minutes.odt', odf('text'), 'application/vnd.oasis.opendocument.text', 'odt', 'minutes.odt'],
    ['budget.ods', odf('spreadsheet'), 'application/octet-stream', 'ods', 'budget.ods'],
    ['kickoff.odp', odf('presentation'), undefined, 'odp', 'kickoff.odp'],
    ['firewall.log', Buffer.from('2026-01-01 deny tcp 10.0.0.1\n'), 'text/plain', 'txt', 'firewall.log'],
    // Windows browsers with Excel installed declare CSV as Excel's type
    [
      'accounts.csv',
      Buffer.from('\uFEFFuser;role\r\nana;admin\r\n'),
      'application/vnd.ms-excel',
      'csv',
      'accounts.csv',
    ],
    [
      'procedure.md',
      Buffer.from('# Backup restore test\n\n- [x] restored 2026-01-10 (<30 min)\n'),
      'text/markdown',
      'md',
      'procedure.md',
    ],
    ['template.md', Buffer.from('Replace <link> with the address of the <form>.\n'), '', 'md', 'template.md'],
    ['no extension', pdf(), 'application/pdf', 'pdf', 'no extension.pdf'],
    ['notes', Buffer.from('plain notes a < b > c'), '', 'txt', 'notes.txt'],
  ])('accepts %s as %s', async (filename, bytes, mimetype, type, name) => {
    expect(await inspectFile(bytes, { filename, mimetype })).toEqual({ type, name });
  });

  it('refuses an empty file with a field error (422)', async () => {
    await expect(inspectFile(Buffer.alloc(0), { filename: 'empty.pdf' })).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [{ field: 'body.file', message: 'Choose a file that is not empty' }],
    });
  });

  describe('the hostile corpus (S12)', () => {
    it.each([
      ['page.html', HTML, 'text/html', /HTML, SVG or XML markup/],
      ['page.txt', HTML, 'text/plain', /HTML, SVG or XML markup/],
      ['image.svg', SVG, 'image/svg+xml', /HTML, SVG or XML markup/],
      ['image.txt', XML_SVG, 'text/plain', /HTML, SVG or XML markup/],
      ['findings.md', MARKDOWN_WITH_HANDLER, 'text/markdown', /HTML, SVG or XML markup/],
      ['shot.png', HTML, 'image/png', /HTML, SVG or XML markup/],
      ['report.pdf', HTML_THEN_PDF, 'application/pdf', /HTML, SVG or XML markup/],
      ['setup.exe', EXE(), 'application/octet-stream', /This type of file is not accepted/],
      ['setup.pdf', EXE(), 'application/pdf', /This type of file is not accepted/],
      ['utf16.txt', Buffer.from('\uFEFFhello', 'utf16le'), 'text/plain', /This type of file is not accepted/],
      [
        'nul.txt',
        Buffer.from('text\u0000with a NUL byte'),
        'text/plain',
        /This type of file is not accepted/,
      ],
      ['latin1.txt', Buffer.from('caf\xe9', 'latin1'), 'text/plain', /This type of file is not accepted/],
    ])(
      'refuses %s holding script-bearing or unknown content (415)',
      async (filename, content, mimetype, detail) => {
        const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
        const [code, message] = await refusal(bytes, filename, mimetype);
        expect(code).toBe('unsupported_media_type');
        expect(message).toMatch(detail);
      },
    );

    it.each([
      [
        'a PNG named .pdf',
        png(),
        'shot.pdf',
        'image/png',
        'The file is a PNG image but is named .pdf: rename it to .png',
      ],
      [
        'a PDF named .png',
        pdf(),
        'scan.png',
        undefined,
        'The file is a PDF document but is named .png: rename it to .pdf',
      ],
      ['a PDF named .html', pdf(), 'scan.html', undefined, 'The file is a PDF document but is named .html'],
      [
        'a PDF named .exe behind a bidi override',
        pdf(),
        'invoice\u202Efdp.exe',
        undefined,
        'The file is a PDF document but is named .exe',
      ],
      [
        'a Word document named .xlsx',
        docx(),
        'review.xlsx',
        undefined,
        'The file is a Word document but is named .xlsx',
      ],
      [
        'text named .html',
        Buffer.from('hello'),
        'hello.html',
        'text/plain',
        'The file is text but is named .html: text is accepted as .txt, .csv or .md',
      ],
      ['text named .svg', Buffer.from('hello'), 'hello.svg', undefined, 'The file is text but is named .svg'],
      [
        'a PNG declared as HTML',
        png(),
        'shot.png',
        'text/html',
        'The file is a PNG image but was sent as text/html: the two must agree',
      ],
      [
        'a PDF declared as SVG',
        pdf(),
        'scan.pdf',
        'image/svg+xml; charset=utf-8',
        'The file is a PDF document but was sent as image/svg+xml',
      ],
      [
        'text declared as a PDF',
        Buffer.from('a,b'),
        'list.csv',
        'application/pdf',
        'The file is a CSV file but was sent as application/pdf',
      ],
    ])('refuses %s (415)', async (_what, bytes, filename, mimetype, detail) => {
      const [code, message] = await refusal(bytes, filename, mimetype);
      expect(code).toBe('unsupported_media_type');
      expect(message).toContain(detail);
    });

    it.each([
      ['a zip bomb that declares its size', declaredZipBomb(), /times larger than it is stored: a zip bomb/],
      [
        'a zip bomb that lies about its size',
        lyingZipBomb(),
        /decompresses to more than it declares: a zip bomb/,
      ],
      ['a zip bomb of overlapping entries', overlappingZipBomb(), /files inside it overlap/],
      ['a macro-enabled document', docm(), /carries macros/],
      [
        'an OpenDocument with Basic macros',
        odf('text', [{ name: 'Basic/Standard/Module1.xml', content: 'Sub X' }]),
        /macros or scripts/,
      ],
      ['a plain ZIP archive', zip([{ name: 'a.txt', content: 'a' }]), /not an office document/],
      [
        'a ZIP that climbs out of itself',
        zip([
          { name: '[Content_Types].xml', content: '<Types/>' },
          { name: 'word/../../evil.sh', content: 'x' },
        ]),
        /leaves the archive/,
      ],
      ['a truncated office document', docx().subarray(0, 200), /incomplete/],
      [
        'an office document with data appended',
        Buffer.concat([docx(), Buffer.from('<script>')]),
        /data after its end/,
      ],
    ])('refuses %s (415)', async (_what, bytes, detail) => {
      const [code, message] = await refusal(bytes, 'report.docx');
      expect(code).toBe('unsupported_media_type');
      expect(message).toMatch(detail);
    });

    it('refuses a zip bomb from its directory alone, before inflating anything', () => {
      expect(() => readZipDirectory(declaredZipBomb(), OFFICE_ZIP_LIMITS)).toThrow(ZipRefused);
      expect(() => readZipDirectory(docx(), OFFICE_ZIP_LIMITS)).not.toThrow();
      expect(() => readZipDirectory(docx(), { ...OFFICE_ZIP_LIMITS, maxEntries: 2 })).toThrow(
        /it holds 3 files; an office document has at most 2/,
      );
      expect(() => readZipDirectory(docx(), { ...OFFICE_ZIP_LIMITS, maxUncompressedBytes: 100 })).toThrow(
        /decompresses to more than 0 MB/,
      );
    });

    it('accepts polyglots whose first bytes make them a PDF or an image: served as such, never as HTML', async () => {
      // the download's attachment disposition, nosniff and sandbox CSP neutralise the markup inside
      expect(await inspectFile(PDF_THEN_HTML(), { filename: 'report.pdf' })).toEqual({
        type: 'pdf',
        name: 'report.pdf',
      });
      expect(await inspectFile(png(Buffer.from('<script>alert(1)</script>')), { filename: 'x.png' })).toEqual(
        {
          type: 'png',
          name: 'x.png',
        },
      );
      expect(await inspectFile(gif(docx()), { filename: 'gifar.gif' })).toEqual({
        type: 'gif',
        name: 'gifar.gif',
      });
    });

    it('checks text for markup in linear time, however hostile', async () => {
      const hostile = Buffer.from(`${'<a '.repeat(200_000)}${' onx'.repeat(200_000)}${'<'.repeat(500_000)}`);
      const started = performance.now();
      expect(await inspectFile(hostile, { filename: 'x.txt' })).toEqual({ type: 'txt', name: 'x.txt' });
      expect(performance.now() - started).toBeLessThan(2000);
      // text that merely mentions tags in prose is fine; a real handler is not
      expect(await inspectFile(Buffer.from('if a <b then set one = 2'), { filename: 'x.md' })).toMatchObject({
        type: 'md',
      });
      await expect(
        inspectFile(Buffer.from('<b onmouseover = "x()">hi</b>'), { filename: 'x.md' }),
      ).rejects.toThrow(/markup/);
    });
  });
});

describe('evidence file names', () => {
  const stored = async (filename: string, bytes: Buffer = pdf()) =>
    (await inspectFile(bytes, { filename })).name;

  it('keeps the last path component only', async () => {
    expect(await stored('../../etc/passwd', Buffer.from('root:x:0:0'))).toBe('passwd.txt');
    expect(await stored('C:\\Users\\ana\\..\\report.pdf')).toBe('report.pdf');
    expect(await stored('/var/tmp/../../scan.pdf')).toBe('scan.pdf');
  });

  it('removes control, bidi and zero-width characters, and hides nothing behind dots', async () => {
    expect(await stored('re\u0000po\u0007rt\u001b[31m.pdf')).toBe('report[31m.pdf');
    expect(await stored('report\u202E\u2066\u200B.pdf')).toBe('report.pdf');
    expect(await stored('...hidden.pdf')).toBe('hidden.pdf');
    expect(await stored('.htaccess', Buffer.from('deny from all'))).toBe('htaccess.txt');
    expect(await stored('scan.pdf. . .')).toBe('scan.pdf');
    expect(await stored('a\u2028b\u00a0\u00a0c.pdf')).toBe('ab c.pdf');
  });

  it('replaces characters file systems refuse, avoids device names, bounds the length', async () => {
    expect(await stored('"quoted" <a|b>:c?*.pdf')).toBe('_quoted_ _a_b__c__.pdf');
    expect(await stored('CON.pdf')).toBe('_CON.pdf');
    expect(await stored('..', Buffer.from('x'))).toBe('evidence.txt');
    const long = await stored(`${'é'.repeat(300)}.pdf`);
    expect(long).toBe(`${'é'.repeat(146)}.pdf`);
    expect(Array.from(await stored(`${'😀'.repeat(200)}.pdf`))).toHaveLength(150);
    expect(await stored('Ärger über Ölpreise.PDF')).toBe('Ärger über Ölpreise.pdf');
  });

  it('tells an extension from a dot in the name', () => {
    expect(cleanFileName('minutes.final draft')).toEqual({ stem: 'minutes.final draft', extension: null });
    expect(cleanFileName('archive.tar.GZ')).toEqual({ stem: 'archive.tar', extension: 'gz' });
  });
});
