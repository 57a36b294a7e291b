import {
  ZIdParams,
  ZPublishSoaRequest,
  ZSoa,
  ZSoaCompareQuery,
  ZSoaComparison,
  ZSoaExportQuery,
  ZSoaVersion,
  ZSoaVersionList,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { sendDownload } from '../../http/download.ts';
import { XLSX_CONTENT_TYPE } from '../risk-files/xlsx.ts';
import * as soa from './soa.service.ts';

/** A file in a response body, for the OpenAPI document. */
const ZFileBody = z.string().meta({ format: 'binary' });

const fileResponse = (description: string) => ({
  description,
  content: { [XLSX_CONTENT_TYPE]: { schema: ZFileBody }, 'application/pdf': { schema: ZFileBody } },
});

export function soaRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/soa',
      {
        schema: {
          tags: ['soa'],
          summary:
            'The current Statement of Applicability: every control, the counts and the completeness warnings (control:read)',
          response: { 200: ZSoa },
        },
      },
      async (request) => soa.getSoa(deps, request.actor, request.audit),
    );

    app.get(
      '/api/v1/soa/export',
      {
        schema: {
          tags: ['soa'],
          summary: 'The current SoA as an XLSX or PDF attachment, marked as a draft (control:read)',
          querystring: ZSoaExportQuery,
          produces: [XLSX_CONTENT_TYPE, 'application/pdf'],
          response: { 200: fileResponse('statement-of-applicability-draft-YYYY-MM-DD.xlsx or .pdf') },
        },
      },
      async (request, reply) =>
        sendDownload(reply, await soa.exportSoa(deps, request.actor, request.audit, request.query.format)),
    );

    app.get(
      '/api/v1/soa/versions',
      {
        schema: {
          tags: ['soa'],
          summary: 'Published SoA versions, newest first (control:read)',
          response: { 200: ZSoaVersionList },
        },
      },
      async (request) => soa.listVersions(deps, request.actor),
    );

    app.post(
      '/api/v1/soa/versions',
      {
        schema: {
          tags: ['soa'],
          summary:
            'Approve and publish the current SoA as the next version; completeness warnings must be acknowledged (soa:publish)',
          body: ZPublishSoaRequest,
          response: { 201: ZSoaVersion },
        },
      },
      async (request, reply) => {
        const version = await soa.publishVersion(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(version);
      },
    );

    app.get(
      '/api/v1/soa/versions/compare',
      {
        schema: {
          tags: ['soa'],
          summary: 'Compare two SoA versions: controls added, removed and changed (control:read)',
          querystring: ZSoaCompareQuery,
          response: { 200: ZSoaComparison },
        },
      },
      async (request) => soa.compareVersions(deps, request.actor, request.query),
    );

    app.get(
      '/api/v1/soa/versions/:id',
      {
        schema: {
          tags: ['soa'],
          summary: 'One published SoA version with every control as it was published (control:read)',
          params: ZIdParams,
          response: { 200: ZSoaVersion },
        },
      },
      async (request) => soa.getVersion(deps, request.actor, request.params.id),
    );

    app.get(
      '/api/v1/soa/versions/:id/export',
      {
        schema: {
          tags: ['soa'],
          summary: 'A published SoA version as an XLSX or PDF attachment (control:read)',
          params: ZIdParams,
          querystring: ZSoaExportQuery,
          produces: [XLSX_CONTENT_TYPE, 'application/pdf'],
          response: { 200: fileResponse('statement-of-applicability-vN.xlsx or .pdf') },
        },
      },
      async (request, reply) =>
        sendDownload(
          reply,
          await soa.exportVersion(deps, request.actor, request.params.id, request.query.format),
        ),
    );
  };
}
