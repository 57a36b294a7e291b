import type { FastifyReply } from 'fastify';

/** A file to send as an attachment. */
export interface FileDownload {
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * `Content-Disposition` of a download (RFC 6266): always an attachment, the name in UTF-8 as
 * `filename*` (RFC 5987) and an ASCII stand-in as `filename` for old clients.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A file as a download that no browser renders in Vigil's origin: an attachment, its type never
 * sniffed, a sandbox CSP in case it is opened anyway, and never cached. Headers set on the reply
 * before (a digest, say) are kept.
 */
export function sendDownload(reply: FastifyReply, file: FileDownload): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'no-store')
    .send(file.body);
}
