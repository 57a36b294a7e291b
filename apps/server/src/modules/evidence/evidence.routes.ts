import {
  type TFieldError,
  ZControlEvidenceList,
  ZControlEvidenceQuery,
  ZCreateEvidenceLinkRequest,
  ZEvidence,
  ZEvidenceList,
  ZEvidenceListQuery,
  ZEvidenceUploadFields,
  ZIdParams,
  ZSetEvidenceControlsRequest,
  ZUpdateEvidenceRequest,
  ZVersionRequest,
} from '@vigil/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { sendDownload } from '../../http/download.ts';
import { acceptMultipart } from '../../http/multipart.ts';
import * as evidence from './evidence.service.ts';

/** A file in a request or response body, for the OpenAPI document. */
const ZFileBody = z.string().meta({ format: 'binary' });

/** The upload's body as the OpenAPI document describes it (multipart, read by the route itself). */
const ZUploadBody = ZEvidenceUploadFields.extend({
  file: ZFileBody.meta({
    description:
      'PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, PPTX, ODT, ODS, ODP, or UTF-8 text (.txt, .csv, .md); the type is decided by the content, and the name and declared type must agree with it',
  }),
});

/** Form fields beside the file: the metadata (a few KB) and up to 100 control ids. */
const MAX_FIELDS = 110;
const MAX_FIELD_BYTES = 16 * 1024;
/** What a form may add to the file's size; a longer Content-Length is refused before anything is read. */
const FORM_OVERHEAD = MAX_FIELDS * 1024 + 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `The file is larger than ${formatSize(maxBytes)}, the most this server accepts: upload a smaller file or split it`,
  );

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : `${bytes.toLocaleString('en')} bytes`;
}

/** The form's text fields as the upload schema reads them: an empty value is a field not sent. */
function formFields(values: Map<string, string[]>): Record<string, unknown> {
  const one = (name: string) => {
    const value = values.get(name)?.[0]?.trim();
    return value ? value : undefined;
  };
  return {
    title: one('title'),
    description: one('description'),
    collectedOn: one('collectedOn'),
    validUntil: one('validUntil'),
    controlIds: values.get('controlIds')?.filter((v) => v.trim() !== ''),
  };
}

/**
 * Reads an upload: one file part named `file` within `maxBytes`, counted while it streams in (the
 * parser stops at the limit), and the metadata fields, validated like any request body.
 */
async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<evidence.EvidenceUpload> {
  if (!request.isMultipart())
    throw new AppError(
      'unsupported_media_type',
      'Send the file as multipart/form-data, in a field named file',
    );
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes + FORM_OVERHEAD) throw tooLarge(maxBytes);

  const values = new Map<string, string[]>();
  let file: { filename: string; mimetype: string; data: Buffer } | undefined;
  try {
    const parts = request.parts({
      limits: {
        fileSize: maxBytes,
        files: 1,
        fields: MAX_FIELDS,
        parts: MAX_FIELDS + 1,
        fieldSize: MAX_FIELD_BYTES,
        fieldNameSize: 100,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        file = { filename: part.filename, mimetype: part.mimetype, data: await part.toBuffer() };
      } else {
        if (part.valueTruncated)
          throw new AppError('validation_failed', 'A form field is too long', {
            fieldErrors: [{ field: `body.${part.fieldname}`, message: 'Use at most 4000 characters' }],
          });
        values.set(part.fieldname, [...(values.get(part.fieldname) ?? []), String(part.value)]);
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') throw new AppError('payload_too_large', 'Send one file per request');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError('payload_too_large', 'The form has too many fields');
    throw new AppError('bad_request', 'The multipart body could not be read');
  }

  const parsed = ZEvidenceUploadFields.safeParse(formFields(values));
  const errors: TFieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        field: ['body', ...issue.path.map(String)].join('.'),
        message: issue.message,
      }));
  if (!file) errors.push({ field: 'body.file', message: 'Attach the file in the field named file' });
  if (!parsed.success || !file)
    throw new AppError('validation_failed', 'Some fields are missing or not valid', { fieldErrors: errors });
  return { ...file, fields: parsed.data };
}

/** A stored file as a download (`sendDownload`), its type from its content, with its digest for integrity. */
function sendFile(reply: FastifyReply, file: evidence.EvidenceDownload): FastifyReply {
  reply.header('content-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
  return sendDownload(reply, { filename: file.name, contentType: file.mediaType, body: file.body });
}

export function evidenceRoutes(deps: Deps, options: { maxBytes: number }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/evidence',
      {
        schema: {
          tags: ['evidence'],
          summary: 'The evidence library, newest first, a page at a time (evidence:read)',
          querystring: ZEvidenceListQuery,
          response: { 200: ZEvidenceList },
        },
      },
      async (request) => evidence.listEvidence(deps, request.actor, request.query),
    );

    app.post(
      '/api/v1/evidence',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Add a link as evidence, optionally linked to controls (evidence:upload; contributors link only the controls they own)',
          body: ZCreateEvidenceLinkRequest,
          response: { 201: ZEvidence },
        },
      },
      async (request, reply) => {
        const created = await evidence.createEvidenceLink(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/evidence/:id',
      {
        schema: {
          tags: ['evidence'],
          summary: 'One evidence item with the controls it supports (evidence:read)',
          params: ZIdParams,
          response: { 200: ZEvidence },
        },
      },
      async (request) => evidence.getEvidence(deps, request.actor, request.params.id),
    );

    app.patch(
      '/api/v1/evidence/:id',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Edit an item’s title, description, link or dates (evidence:manage; evidence:upload for the items one added)',
          params: ZIdParams,
          body: ZUpdateEvidenceRequest,
          response: { 200: ZEvidence },
        },
      },
      async (request) =>
        evidence.updateEvidence(deps, request.actor, request.audit, request.params.id, request.body),
    );

    app.post(
      '/api/v1/evidence/:id/archive',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Archive an item instead of deleting it; its file stays downloadable (evidence:manage; evidence:upload for the items one added)',
          params: ZIdParams,
          body: ZVersionRequest,
          response: { 200: ZEvidence },
        },
      },
      async (request) =>
        evidence.setEvidenceArchived(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          true,
          request.body,
        ),
    );

    app.post(
      '/api/v1/evidence/:id/restore',
      {
        schema: {
          tags: ['evidence'],
          summary: 'Bring an archived item back (evidence:manage; evidence:upload for the items one added)',
          params: ZIdParams,
          body: ZVersionRequest,
          response: { 200: ZEvidence },
        },
      },
      async (request) =>
        evidence.setEvidenceArchived(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          false,
          request.body,
        ),
    );

    app.put(
      '/api/v1/evidence/:id/controls',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Set the complete set of controls the item supports (evidence:upload; contributors add and remove only the controls they own)',
          params: ZIdParams,
          body: ZSetEvidenceControlsRequest,
          response: { 200: ZEvidence },
        },
      },
      async (request) =>
        evidence.setEvidenceControls(deps, request.actor, request.audit, request.params.id, request.body),
    );

    app.get(
      '/api/v1/evidence/:id/file',
      {
        schema: {
          tags: ['evidence'],
          summary: 'Download a file item as an attachment, archived items included; audited (evidence:read)',
          params: ZIdParams,
          produces: ['application/octet-stream'],
          response: {
            200: {
              description:
                'The file with its detected Content-Type, as an attachment, with nosniff, a sandbox CSP and its SHA-256 as Content-Digest',
              content: { 'application/octet-stream': { schema: ZFileBody } },
            },
          },
        },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await evidence.downloadEvidenceFile(deps, request.actor, request.audit, request.params.id),
        ),
    );

    app.get(
      '/api/v1/controls/:id/evidence',
      {
        schema: {
          tags: ['evidence'],
          summary: 'The evidence linked to a control, newest first (evidence:read)',
          params: ZIdParams,
          querystring: ZControlEvidenceQuery,
          response: { 200: ZControlEvidenceList },
        },
      },
      async (request) => evidence.listControlEvidence(deps, request.actor, request.params.id, request.query),
    );

    // Multipart is parsed only here, in this nested plugin: the handler reads the file after authorization.
    const uploadRoute: FastifyPluginAsyncZod = async (upload) => {
      await acceptMultipart(upload);
      upload.post(
        '/api/v1/evidence/files',
        {
          schema: {
            tags: ['evidence'],
            summary:
              'Upload a file as evidence, optionally linked to controls (evidence:upload; contributors link only the controls they own)',
            description: `multipart/form-data: the file in the field \`file\` (at most VIGIL_EVIDENCE_MAX_BYTES, 25 MB unless configured), and the fields title, description, collectedOn, validUntil and controlIds (repeated). 413 payload_too_large past the limit; 415 unsupported_media_type for a type outside the allowlist (HTML and SVG included), a name or declared type that disagrees with the content, a macro-enabled document or a zip bomb; 422 for an empty file.`,
            consumes: ['multipart/form-data'],
            body: ZUploadBody,
            response: { 201: ZEvidence },
          },
        },
        async (request, reply) => {
          const created = await evidence.uploadEvidenceFile(deps, request.actor, request.audit, () =>
            receiveUpload(request, options.maxBytes),
          );
          return reply.code(201).send(created);
        },
      );
    };
    await app.register(uploadRoute);
  };
}
