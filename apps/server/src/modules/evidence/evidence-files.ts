import { EVIDENCE_FILE_EXTENSIONS, type TEvidenceFileType } from '@vigil/contracts';
import { AppError } from '../../errors.ts';
import { inspectZip, type ZipLimits, ZipRefused } from './zip-directory.ts';

/**
 * What an evidence file is, decided by its bytes (upload safety, S12 in the quality bars): magic numbers
 * for PDF and images, the ZIP directory for office documents (checked against zip bombs), strict UTF-8
 * without NUL bytes for text, which must not carry HTML, SVG or XML markup. Anything else is refused,
 * as is a name or declared content type that disagrees with the bytes. Names are cleaned for storage
 * and for the download's Content-Disposition. No I/O but the ZIP check's inflating.
 */

interface FileTypeInfo {
  /** The download's Content-Type. */
  mediaType: string;
  /** Said in messages: "The file is a PNG image". */
  label: string;
  /** Content types a client may declare for it besides the generic ones (browsers differ). */
  declared: readonly string[];
}

const OOXML = 'application/vnd.openxmlformats-officedocument';
const ODF = 'application/vnd.oasis.opendocument';
const ZIP_DECLARED = ['application/zip', 'application/x-zip-compressed'];
const TEXT_DECLARED = ['text/plain'];

export const FILE_TYPES: Record<TEvidenceFileType, FileTypeInfo> = {
  pdf: {
    mediaType: 'application/pdf',
    label: 'PDF document',
    declared: ['application/pdf', 'application/x-pdf'],
  },
  png: { mediaType: 'image/png', label: 'PNG image', declared: ['image/png'] },
  jpeg: {
    mediaType: 'image/jpeg',
    label: 'JPEG image',
    declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  },
  gif: { mediaType: 'image/gif', label: 'GIF image', declared: ['image/gif'] },
  webp: { mediaType: 'image/webp', label: 'WebP image', declared: ['image/webp'] },
  docx: {
    mediaType: `${OOXML}.wordprocessingml.document`,
    label: 'Word document',
    declared: [`${OOXML}.wordprocessingml.document`, ...ZIP_DECLARED],
  },
  xlsx: {
    mediaType: `${OOXML}.spreadsheetml.sheet`,
    label: 'Excel workbook',
    declared: [`${OOXML}.spreadsheetml.sheet`, ...ZIP_DECLARED],
  },
  pptx: {
    mediaType: `${OOXML}.presentationml.presentation`,
    label: 'PowerPoint presentation',
    declared: [`${OOXML}.presentationml.presentation`, ...ZIP_DECLARED],
  },
  odt: { mediaType: `${ODF}.text`, label: 'OpenDocument text', declared: [`${ODF}.text`, ...ZIP_DECLARED] },
  ods: {
    mediaType: `${ODF}.spreadsheet`,
    label: 'OpenDocument spreadsheet',
    declared: [`${ODF}.spreadsheet`, ...ZIP_DECLARED],
  },
  odp: {
    mediaType: `${ODF}.presentation`,
    label: 'OpenDocument presentation',
    declared: [`${ODF}.presentation`, ...ZIP_DECLARED],
  },
  txt: { mediaType: 'text/plain; charset=utf-8', label: 'text file', declared: TEXT_DECLARED },
  csv: {
    mediaType: 'text/csv; charset=utf-8',
    label: 'CSV file',
    // Windows browsers with Excel installed declare CSV files as Excel's
    declared: [
      'text/csv',
      'application/csv',
      'text/x-csv',
      'text/comma-separated-values',
      'application/vnd.ms-excel',
      ...TEXT_DECLARED,
    ],
  },
  md: {
    mediaType: 'text/markdown; charset=utf-8',
    label: 'Markdown file',
    declared: ['text/markdown', 'text/x-markdown', ...TEXT_DECLARED],
  },
};

/** What a client declares when it does not know the type: accepted for every type. */
const GENERIC_DECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** The text types, told apart by the name's extension (the bytes are UTF-8 text either way). */
const TEXT_TYPES: readonly TEvidenceFileType[] = ['txt', 'csv', 'md'];

/** What the accepted files are, for messages. */
const ACCEPTED = 'PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, OpenDocument, text, CSV or Markdown';

/** Office documents are ZIP archives: limits of their directory (see zip-directory.ts). */
export const OFFICE_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

const unsupported = (detail: string) => new AppError('unsupported_media_type', detail);

// ---------------------------------------------------------------- magic bytes

const startsWith = (bytes: Buffer, magic: string | readonly number[], at = 0) => {
  const expected = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
  return bytes.length >= at + expected.length && bytes.subarray(at, at + expected.length).equals(expected);
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** PDF, the images and ZIP, by their first bytes; null for anything else. */
function magicType(bytes: Buffer): TEvidenceFileType | 'zip' | null {
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  if (startsWith(bytes, ZIP_MAGIC)) return 'zip';
  return null;
}

// ---------------------------------------------------------------- office documents

const OOXML_FOLDERS: ReadonlyArray<[string, TEvidenceFileType]> = [
  ['word/', 'docx'],
  ['xl/', 'xlsx'],
  ['ppt/', 'pptx'],
];
const ODF_TYPES: Record<string, TEvidenceFileType> = {
  [`${ODF}.text`]: 'odt',
  [`${ODF}.spreadsheet`]: 'ods',
  [`${ODF}.presentation`]: 'odp',
};
const CONTENT_TYPES = '[Content_Types].xml';
const ODF_MIMETYPE = 'mimetype';

/**
 * Which office document a ZIP archive is: Office Open XML by its `[Content_Types].xml` and its one main
 * folder (`word/`, `xl/`, `ppt/`), OpenDocument by its leading stored `mimetype` entry. Documents that
 * carry macros (VBA projects, OpenDocument Basic or scripts) are refused; so is any other archive.
 */
async function officeType(bytes: Buffer): Promise<TEvidenceFileType> {
  let zip: Awaited<ReturnType<typeof inspectZip>>;
  try {
    zip = await inspectZip(bytes, OFFICE_ZIP_LIMITS, [CONTENT_TYPES, ODF_MIMETYPE]);
  } catch (error) {
    if (error instanceof ZipRefused)
      throw unsupported(`The file is a ZIP archive that is not accepted: ${error.message}`);
    throw error;
  }
  const names = zip.entries.map((e) => e.name);
  const first = zip.entries[0];
  const mimetype = zip.read.get(ODF_MIMETYPE)?.toString('latin1');
  if (first?.name === ODF_MIMETYPE && first.method === 0 && mimetype && ODF_TYPES[mimetype]) {
    if (names.some((n) => /^(Basic|Scripts)\//.test(n)))
      throw unsupported('The document carries macros or scripts: save it without them, or as PDF');
    return ODF_TYPES[mimetype];
  }
  const contentTypes = zip.read.get(CONTENT_TYPES)?.toString('utf8');
  const folders = OOXML_FOLDERS.filter(([folder]) => names.some((n) => n.startsWith(folder)));
  const found = folders[0];
  if (contentTypes === undefined || folders.length !== 1 || !found)
    throw unsupported(`The file is a ZIP archive, not an office document: upload a ${ACCEPTED} file`);
  if (/macroEnabled/i.test(contentTypes) || names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n)))
    throw unsupported('The document carries macros: save it without them (.docx, .xlsx, .pptx), or as PDF');
  return found[1];
}

// ---------------------------------------------------------------- text

/**
 * Markup that makes text a web page, or an image or document that runs scripts, if anything ever renders
 * it: HTML documents, elements that run or embed code or redirect (script, frames, objects, meta, base,
 * style), SVG, MathML, XML (XSLT, XHTML). Placeholders such as `<link>` in prose stay accepted. Browsers
 * read `< script` as text, so the name follows the bracket directly; no part of the pattern can
 * backtrack over another.
 */
const MARKUP =
  /<\/?(?:html|head|body|script|svg|math|iframe|frame|frameset|object|embed|applet|meta|base|style)\b|<!doctype\b|<\?xml\b/i;
/** A tag with attributes; each match ends at the first bracket after it, so scanning stays linear. */
const TAG = /<[a-z][a-z0-9-]*(\s[^<>]{0,2000})?>/gi;
const EVENT_HANDLER = /\son[a-z]+\s*=/i;

/** Script-bearing markup: the elements above, or any tag with an event-handler attribute (`onerror=`). */
function hasMarkup(text: string): boolean {
  if (MARKUP.test(text)) return true;
  for (const tag of text.matchAll(TAG)) if (tag[1] && EVENT_HANDLER.test(tag[1])) return true;
  return false;
}

/** The text of a UTF-8 file without NUL bytes (a leading byte-order mark allowed), or null. */
function utf8Text(bytes: Buffer): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- names

const MAX_NAME_LENGTH = 150;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** The last dot-separated part of a cleaned name, lower case; null when there is none. */
function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : null;
}

/**
 * A file name safe to store and to offer for download: the last path component only, NFC; no control,
 * format (bidi overrides, zero-width), line or paragraph separator characters; none of `<>:"/\|?*`;
 * other spaces as plain spaces, runs collapsed; no leading or trailing dots or spaces (no hidden files,
 * no `..`); never a Windows device name; at most 150 characters; always with an extension.
 */
export function cleanFileName(raw: string): { stem: string; extension: string | null } {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\p{Zs}+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const found = extensionOf(clean);
  // only a short alphanumeric ending counts as an extension: "minutes.final draft" has none
  const extension = found !== null && /^[a-z0-9]{1,10}$/.test(found) ? found : null;
  const stem = extension === null ? clean : clean.slice(0, -(extension.length + 1)).replace(/[\s.]+$/, '');
  return { stem, extension };
}

/** The stored name: the cleaned stem (or "evidence"), bounded, with `extension`. */
function storedName(stem: string, extension: string): string {
  const chars = Array.from(stem || 'evidence').slice(0, MAX_NAME_LENGTH - extension.length - 1);
  let kept = chars.join('').replace(/[\s.]+$/, '') || 'evidence';
  if (WINDOWS_DEVICE.test(kept)) kept = `_${kept}`;
  return `${kept}.${extension}`;
}

// ---------------------------------------------------------------- the verdict

export interface InspectedFile {
  type: TEvidenceFileType;
  /** The cleaned name, with an extension of the detected type. */
  name: string;
}

/** The declared content type without parameters, lower case. */
function declaredMediaType(declared: string | undefined): string {
  return (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Decides what an upload is and names it, or refuses it: 422 for an empty file, 415 for a type outside
 * the allowlist (HTML and SVG among them) and for a name or declared content type that says otherwise.
 */
export async function inspectFile(
  bytes: Buffer,
  upload: { filename: string; mimetype?: string | undefined },
): Promise<InspectedFile> {
  if (bytes.length === 0)
    throw new AppError('validation_failed', 'The file is empty', {
      fieldErrors: [{ field: 'body.file', message: 'Choose a file that is not empty' }],
    });
  const { stem, extension } = cleanFileName(upload.filename);
  const magic = magicType(bytes);
  let type: TEvidenceFileType;
  if (magic === 'zip') type = await officeType(bytes);
  else if (magic !== null) type = magic;
  else {
    const text = utf8Text(bytes);
    if (text === null) throw unsupported(`This type of file is not accepted: upload a ${ACCEPTED} file`);
    if (hasMarkup(text))
      throw unsupported(
        'The file contains HTML, SVG or XML markup, which can carry scripts: these are not accepted as evidence; save it as PDF',
      );
    const named = TEXT_TYPES.find(
      (t) => extension !== null && EVIDENCE_FILE_EXTENSIONS[t].includes(extension),
    );
    if (extension !== null && !named)
      throw unsupported(`The file is text but is named .${extension}: text is accepted as .txt, .csv or .md`);
    type = named ?? 'txt';
  }

  const info = FILE_TYPES[type];
  const extensions = EVIDENCE_FILE_EXTENSIONS[type];
  if (extension !== null && !extensions.includes(extension))
    throw unsupported(
      `The file is a ${info.label} but is named .${extension}: rename it to .${extensions[0]}, or upload the file you meant`,
    );
  const declared = declaredMediaType(upload.mimetype);
  if (!GENERIC_DECLARED.has(declared) && !info.declared.includes(declared))
    throw unsupported(`The file is a ${info.label} but was sent as ${declared}: the two must agree`);
  return { type, name: storedName(stem, extension ?? (extensions[0] as string)) };
}
