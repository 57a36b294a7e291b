import {
  ZIdParams,
  ZNotification,
  ZNotificationListQuery,
  ZNotificationPage,
  ZNotificationReadAll,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as notifications from './notifications.service.ts';

export function notificationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Your notifications in the current organisation, newest first, with the unread count',
          querystring: ZNotificationListQuery,
          response: { 200: ZNotificationPage },
        },
      },
      async (request) => notifications.listNotifications(deps, request.actor, request.query),
    );

    app.post(
      '/api/v1/notifications/:id/read',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mark one of your notifications read',
          params: ZIdParams,
          response: { 200: ZNotification },
        },
      },
      async (request) => notifications.markNotificationRead(deps, request.actor, request.params.id),
    );

    app.post(
      '/api/v1/notifications/read-all',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mark all your notifications in the current organisation read',
          response: { 200: ZNotificationReadAll },
        },
      },
      async (request) => notifications.markAllNotificationsRead(deps, request.actor),
    );
  };
}
