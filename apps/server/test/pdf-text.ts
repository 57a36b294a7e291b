import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, read back without a PDF library: every object's stream (inflated when
 * FlateDecode), the fonts' ToUnicode maps (embedded fonts write glyph ids), then the strings of the Tj
 * and TJ operators of the content streams in order, decoded with the font set by the last Tf. Enough
 * for pdfkit's output; lines joined with spaces.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  const start = /(\d+) 0 obj/g;
  for (let match = start.exec(raw); match; match = start.exec(raw)) {
    const from = match.index + match[0].length;
    const streamAt = raw.indexOf('stream', from);
    const endAt = raw.indexOf('endobj', from);
    if (streamAt >= 0 && streamAt < endAt) {
      const dict = raw.slice(from, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const dataStart = streamAt + (raw[streamAt + 6] === '\r' ? 8 : 7);
      const bytes = pdf.subarray(dataStart, dataStart + length);
      const stream = dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes;
      objects.set(Number(match[1]), { dict, stream: stream.toString('latin1') });
      start.lastIndex = dataStart + length;
    } else {
      objects.set(Number(match[1]), { dict: raw.slice(from, endAt), stream: null });
    }
  }
  const toUnicode = new Map<number, Map<number, string>>();
  for (const [id, object] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(object.dict);
    const cmap = ref ? objects.get(Number(ref[1]))?.stream : null;
    if (!cmap) continue;
    const codes = new Map<number, string>();
    for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const entries = [...(range[3] ?? '').matchAll(/<([0-9a-f ]+)>/gi)].map((e) =>
        String.fromCharCode(...(e[1] ?? '').split(' ').map((h) => Number.parseInt(h, 16))),
      );
      const first = Number.parseInt(range[1] ?? '0', 16);
      entries.forEach((text, i) => {
        codes.set(first + i, text);
      });
    }
    toUnicode.set(id, codes);
  }
  const fonts = new Map<string, number>();
  for (const { dict } of objects.values())
    for (const f of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) fonts.set(f[1] ?? '', Number(f[2]));
  const lines: string[] = [];
  for (const { dict, stream } of objects.values()) {
    if (!stream || dict.includes('/Type') || dict.includes('/Subtype')) continue;
    let cmap: Map<number, string> | undefined;
    for (const op of stream.matchAll(
      /\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[^\]<])*)\] TJ|<([0-9a-f]*)> Tj/gi,
    )) {
      if (op[1]) {
        cmap = toUnicode.get(fonts.get(op[1]) ?? -1);
        continue;
      }
      const hex =
        op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]).join('') : op[3];
      const width = cmap ? 4 : 2;
      let text = '';
      for (let i = 0; i + width <= (hex ?? '').length; i += width) {
        const code = Number.parseInt((hex ?? '').slice(i, i + width), 16);
        text += cmap ? (cmap.get(code) ?? '') : String.fromCharCode(code);
      }
      lines.push(text);
    }
  }
  return lines.join(' ').replace(/\s+/g, ' ');
}
