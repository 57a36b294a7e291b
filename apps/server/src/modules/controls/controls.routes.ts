import {
  ZControl,
  ZControlList,
  ZControlListQuery,
  ZCreateControlRequest,
  ZCsfCoverage,
  ZIdParams,
  ZSetControlRisksRequest,
  ZUpdateControlRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as controls from './controls.service.ts';

export function controlRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/controls',
      {
        schema: {
          tags: ['controls'],
          summary:
            'The control register in key order, filtered, all at once: the 93 Annex A controls and the organisation’s own (control:read)',
          querystring: ZControlListQuery,
          response: { 200: ZControlList },
        },
      },
      async (request) => controls.listControls(deps, request.actor, request.audit, request.query),
    );

    app.post(
      '/api/v1/controls',
      {
        schema: {
          tags: ['controls'],
          summary: 'Add a control of the organisation’s own, keyed VC-n (control:manage)',
          body: ZCreateControlRequest,
          response: { 201: ZControl },
        },
      },
      async (request, reply) => {
        const created = await controls.createControl(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/controls/coverage/csf',
      {
        schema: {
          tags: ['controls'],
          summary:
            'Which NIST CSF 2.0 subcategories the implemented applicable Annex A controls cover (control:read)',
          response: { 200: ZCsfCoverage },
        },
      },
      async (request) => controls.getCsfCoverage(deps, request.actor, request.audit),
    );

    app.get(
      '/api/v1/controls/:id',
      {
        schema: {
          tags: ['controls'],
          summary: 'One control with its linked risks and NIST crosswalk (control:read)',
          params: ZIdParams,
          response: { 200: ZControl },
        },
      },
      async (request) => controls.getControl(deps, request.actor, request.params.id),
    );

    app.patch(
      '/api/v1/controls/:id',
      {
        schema: {
          tags: ['controls'],
          summary:
            'Edit a control: applicability, justifications, implementation, owner (control:update; contributors only the controls they own)',
          params: ZIdParams,
          body: ZUpdateControlRequest,
          response: { 200: ZControl },
        },
      },
      async (request) =>
        controls.updateControl(deps, request.actor, request.audit, request.params.id, request.body),
    );

    app.put(
      '/api/v1/controls/:id/risks',
      {
        schema: {
          tags: ['controls'],
          summary:
            'Set the complete set of risks the control treats (control:update; contributors only the controls they own)',
          params: ZIdParams,
          body: ZSetControlRisksRequest,
          response: { 200: ZControl },
        },
      },
      async (request) =>
        controls.setControlRisks(deps, request.actor, request.audit, request.params.id, request.body),
    );
  };
}
