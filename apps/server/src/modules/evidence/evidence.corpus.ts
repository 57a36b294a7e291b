import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Test support, like the matrix file: files built in code for the upload tests, the benign ones (a real
 * PNG, a PDF, office documents) and the hostile corpus of quality bar S12 (script-bearing HTML and SVG,
 * polyglots, macro documents, zip bombs of three kinds). No binary fixtures: every byte is made here.
 */

export interface ZipEntrySpec {
  name: string;
  content: string | Buffer;
  /** Deflated unless said otherwise. */
  stored?: boolean;
  /** What the directory claims the entry decompresses to (the truth when not given). */
  declaredSize?: number;
}

/**
 * A ZIP archive: local headers and data, the central directory, the end record. `overlap` makes every
 * directory entry after the second point at the second entry's data (the "better zip bomb" layout).
 */
export function zip(entries: readonly ZipEntrySpec[], options: { overlap?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let sharedOffset = 0;
  for (const [i, entry] of entries.entries()) {
    const content = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content, 'utf8');
    const data = entry.stored ? content : deflateRawSync(content);
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.stored ? 0 : 8;
    const size = entry.declaredSize ?? content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(content), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc32(content), 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    const shares = options.overlap === true && i >= 2;
    header.writeUInt32LE(shares ? sharedOffset : offset, 42);
    central.push(header, name);
    if (shares) continue;
    if (i === 1) sharedOffset = offset;
    locals.push(local, name, data);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="${main}"/></Types>`;
const RELS = '<?xml version="1.0"?><Relationships/>';

/** A minimal Word document: `[Content_Types].xml`, the package relationships, `word/document.xml`. */
export function docx(text = 'Access review 2026 Q1: all accounts confirmed'): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      content: CONTENT_TYPES(
        '/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      ),
    },
    { name: '_rels/.rels', content: RELS },
    { name: 'word/document.xml', content: `<w:document><w:body><w:p>${text}</w:p></w:body></w:document>` },
  ]);
}

export function xlsx(): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES('/xl/workbook.xml') },
    { name: '_rels/.rels', content: RELS },
    { name: 'xl/workbook.xml', content: '<workbook/>' },
    { name: 'xl/worksheets/sheet1.xml', content: '<worksheet/>' },
  ]);
}

export function pptx(): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES('/ppt/presentation.xml') },
    { name: '_rels/.rels', content: RELS },
    { name: 'ppt/presentation.xml', content: '<presentation/>' },
  ]);
}

/** An OpenDocument file: the `mimetype` entry first and stored, then its content. */
export function odf(kind: 'text' | 'spreadsheet' | 'presentation', extra: ZipEntrySpec[] = []): Buffer {
  return zip([
    { name: 'mimetype', content: `application/vnd.oasis.opendocument.${kind}`, stored: true },
    { name: 'META-INF/manifest.xml', content: '<manifest/>' },
    { name: 'content.xml', content: '<office:document-content/>' },
    ...extra,
  ]);
}

/** A Word document with a VBA project, named like a .docx. */
export function docm(): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      content: CONTENT_TYPES(
        '/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml',
      ),
    },
    { name: 'word/document.xml', content: '<w:document/>' },
    { name: 'word/vbaProject.bin', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) },
  ]);
}

/** A DOCX-like archive whose directory declares an entry of almost 4 GB: refused before inflating. */
export function declaredZipBomb(): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES('/word/document.xml') },
    { name: 'word/document.xml', content: Buffer.alloc(10_000), declaredSize: 0xfffffffe },
  ]);
}

/** A DOCX-like archive whose directory lies small: 16 MB of zeros declared as 1 KB. */
export function lyingZipBomb(): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES('/word/document.xml') },
    { name: 'word/document.xml', content: Buffer.alloc(16 * 1024 * 1024), declaredSize: 1024 },
  ]);
}

/**
 * A DOCX-like archive of many directory entries that all point at one block of data. The block does not
 * compress, so no ratio gives it away: only the overlap does.
 */
export function overlappingZipBomb(): Buffer {
  const block = randomBytes(32 * 1024);
  return zip(
    [
      { name: '[Content_Types].xml', content: CONTENT_TYPES('/word/document.xml') },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `word/media/part${i}.bin`, content: block })),
    ],
    { overlap: true },
  );
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 1x1 PNG image, with optional bytes after its end (a polyglot). */
export function png(trailer: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateRawSync(Buffer.from([0, 0]))),
    pngChunk('IEND', Buffer.alloc(0)),
    trailer,
  ]);
}

export const pdf = (body = 'BT /F1 12 Tf (Penetration test summary) Tj ET') =>
  Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Length ${body.length} >>\nstream\n${body}\nendstream\nendobj\n%%EOF\n`,
    'latin1',
  );
export const jpeg = () =>
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
export const gif = (trailer: Buffer = Buffer.alloc(0)) =>
  Buffer.concat([Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), trailer]);
export const webp = () =>
  Buffer.concat([Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(14)]);

export const HTML = '<!DOCTYPE html>\n<html><body><script>fetch("/api/v1/me")</script></body></html>\n';
export const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>\n';
export const XML_SVG = `<?xml version="1.0" encoding="UTF-8"?>\n${SVG}`;
/** Markdown with an image whose error handler runs a script when rendered as HTML. */
export const MARKDOWN_WITH_HANDLER = '# Findings\n\nSee the screenshot: <img src="x" onerror="alert(1)">\n';
/** An HTML page that also holds a PDF header further in: still a web page. */
export const HTML_THEN_PDF = `<html><body><script>alert(1)</script></body></html>\n%PDF-1.4\n%%EOF\n`;
/** A PDF whose body holds a web page: a PDF to every reader that honours its type. */
export const PDF_THEN_HTML = () => pdf('<html><script>alert(1)</script></html>');
/** A Windows executable's first bytes. */
export const EXE = () =>
  Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]);
