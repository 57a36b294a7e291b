import type { MultipartFile } from '@fastify/multipart';
import {
  ZProblem,
  ZRiskActionExportQuery,
  ZRiskExportQuery,
  ZRiskImportQuery,
  ZRiskImportReport,
  ZRiskImportTemplateQuery,
  ZRiskReportQuery,
} from '@vigil/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { sendDownload } from '../../http/download.ts';
import { acceptMultipart } from '../../http/multipart.ts';
import { withRiskReaders } from '../risks/risks.readers.ts';
import { CSV_CONTENT_TYPE } from './csv.ts';
import * as files from './risk-files.service.ts';
import { XLSX_CONTENT_TYPE } from './xlsx.ts';

/** A file in a response body, for the OpenAPI document. */
const ZFileBody = z.string().meta({ format: 'binary' });

const spreadsheetResponse = (description: string) => ({
  description,
  content: { [CSV_CONTENT_TYPE]: { schema: ZFileBody }, [XLSX_CONTENT_TYPE]: { schema: ZFileBody } },
});

/** The import's request body as the OpenAPI document describes it (multipart, read by the route itself). */
const ZImportBody = z.object({
  file: ZFileBody.meta({
    description: `A .csv (UTF-8) or .xlsx file, at most ${files.IMPORT_LIMITS.maxBytes / 1024 / 1024} MB and ${files.IMPORT_LIMITS.maxRows.toLocaleString('en')} risks`,
  }),
});

/** The uploaded file of an import request: one multipart field `file`, within the size limit. */
async function receiveFile(request: FastifyRequest): Promise<files.Upload> {
  if (!request.isMultipart())
    throw new AppError(
      'unsupported_media_type',
      'Send the file as multipart/form-data, in a field named file',
    );
  let part: MultipartFile | undefined;
  try {
    part = await request.file({
      limits: { fileSize: files.IMPORT_LIMITS.maxBytes, files: 1, fields: 10, parts: 11 },
    });
  } catch {
    throw new AppError('bad_request', 'The multipart body could not be read');
  }
  const missing = new AppError('validation_failed', 'Choose the file to import', {
    fieldErrors: [{ field: 'body.file', message: 'Attach a .csv or .xlsx file in the field named file' }],
  });
  if (!part) throw missing;
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw missing;
  }
  try {
    return { filename: part.filename, data: await part.toBuffer() };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(
        'payload_too_large',
        `The file is larger than ${files.IMPORT_LIMITS.maxBytes / 1024 / 1024} MB: split it into several files`,
      );
    throw error;
  }
}

export function riskFileRoutes(platform: Deps): FastifyPluginAsyncZod {
  const deps = withRiskReaders(platform);
  return async (app) => {
    app.get(
      '/api/v1/risks/export',
      {
        schema: {
          tags: ['risk-files'],
          summary:
            'The register as a CSV or XLSX attachment: every risk under the list filters and sort (risk:read)',
          querystring: ZRiskExportQuery,
          produces: [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE],
          response: { 200: spreadsheetResponse('risk-register-YYYY-MM-DD.csv or .xlsx') },
        },
      },
      async (request, reply) =>
        sendDownload(reply, await files.exportRisks(deps, request.actor, request.audit, request.query)),
    );

    app.get(
      '/api/v1/risk-actions/export',
      {
        schema: {
          tags: ['risk-files'],
          summary: 'The treatment plans as a CSV or XLSX attachment, under the overview filters (risk:read)',
          querystring: ZRiskActionExportQuery,
          produces: [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE],
          response: { 200: spreadsheetResponse('risk-treatment-plans-YYYY-MM-DD.csv or .xlsx') },
        },
      },
      async (request, reply) =>
        sendDownload(reply, await files.exportRiskActions(deps, request.actor, request.query)),
    );

    app.get(
      '/api/v1/risks/import-template',
      {
        schema: {
          tags: ['risk-files'],
          summary: 'The import columns with one example row, as CSV or XLSX (risk:import)',
          querystring: ZRiskImportTemplateQuery,
          produces: [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE],
          response: { 200: spreadsheetResponse('risk-import-template.csv or .xlsx') },
        },
      },
      async (request, reply) =>
        sendDownload(reply, await files.importTemplate(deps, request.actor, request.query.format)),
    );

    app.get(
      '/api/v1/risks/report',
      {
        schema: {
          tags: ['risk-files'],
          summary:
            'The PDF risk register and treatment plan report for auditors, under the list filters (risk:read)',
          querystring: ZRiskReportQuery,
          produces: ['application/pdf'],
          response: {
            200: {
              description: 'risk-report-YYYY-MM-DD.pdf',
              content: { 'application/pdf': { schema: ZFileBody } },
            },
          },
        },
      },
      async (request, reply) =>
        sendDownload(reply, await files.riskReport(deps, request.actor, request.audit, request.query)),
    );

    // Multipart is parsed only here, in this nested plugin: the handler reads the file after authorization.
    const importRoute: FastifyPluginAsyncZod = async (upload) => {
      await acceptMultipart(upload);
      upload.post(
        '/api/v1/risks/import',
        {
          schema: {
            tags: ['risk-files'],
            summary:
              'Import new risks from a CSV or XLSX file, all or none (risk:import); 422 import_invalid carries the report',
            description:
              'multipart/form-data with one file field `file`. Every row is validated first; any problem imports nothing and answers 422 with code import_invalid and the validation report as `report`. `dryRun=true` validates only.',
            consumes: ['multipart/form-data'],
            querystring: ZRiskImportQuery,
            body: ZImportBody,
            response: {
              200: ZRiskImportReport,
              422: {
                description:
                  'import_invalid: the file has problems and nothing was imported (the report is `report`); validation_failed: no file',
                content: {
                  'application/problem+json': {
                    schema: ZProblem.extend({ report: ZRiskImportReport.optional() }),
                  },
                },
              },
            },
          },
        },
        async (request) =>
          files.importRisks(deps, request.actor, request.audit, request.query, () => receiveFile(request)),
      );
    };
    await app.register(importRoute);
  };
}
