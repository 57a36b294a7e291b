import {
  ZAsset,
  ZAssetList,
  ZAssetListQuery,
  ZCreateAssetRequest,
  ZIdParams,
  ZUpdateAssetRequest,
  ZVersionRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as assets from './assets.service.ts';

export function assetRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/assets',
      {
        schema: {
          tags: ['assets'],
          summary: 'The asset inventory by name, a page at a time (asset:read)',
          querystring: ZAssetListQuery,
          response: { 200: ZAssetList },
        },
      },
      async (request) => assets.listAssets(deps, request.actor, request.query),
    );

    app.post(
      '/api/v1/assets',
      {
        schema: {
          tags: ['assets'],
          summary: 'Register an asset (asset:manage)',
          body: ZCreateAssetRequest,
          response: { 201: ZAsset },
        },
      },
      async (request, reply) => {
        const created = await assets.createAsset(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/assets/:id',
      {
        schema: {
          tags: ['assets'],
          summary: 'One asset (asset:read)',
          params: ZIdParams,
          response: { 200: ZAsset },
        },
      },
      async (request) => assets.getAsset(deps, request.actor, request.params.id),
    );

    app.patch(
      '/api/v1/assets/:id',
      {
        schema: {
          tags: ['assets'],
          summary: 'Edit an asset (asset:manage)',
          params: ZIdParams,
          body: ZUpdateAssetRequest,
          response: { 200: ZAsset },
        },
      },
      async (request) =>
        assets.updateAsset(deps, request.actor, request.audit, request.params.id, request.body),
    );

    app.post(
      '/api/v1/assets/:id/archive',
      {
        schema: {
          tags: ['assets'],
          summary: 'Archive an asset instead of deleting it (asset:manage)',
          params: ZIdParams,
          body: ZVersionRequest,
          response: { 200: ZAsset },
        },
      },
      async (request) =>
        assets.setAssetArchived(deps, request.actor, request.audit, request.params.id, true, request.body),
    );

    app.post(
      '/api/v1/assets/:id/restore',
      {
        schema: {
          tags: ['assets'],
          summary: 'Bring an archived asset back (asset:manage)',
          params: ZIdParams,
          body: ZVersionRequest,
          response: { 200: ZAsset },
        },
      },
      async (request) =>
        assets.setAssetArchived(deps, request.actor, request.audit, request.params.id, false, request.body),
    );
  };
}
