import { NOTIFICATION_JOBS } from '../modules/notifications/notifications.jobs.ts';
import type { Job } from './scheduler.ts';

/** Every scheduled job of Vigil, in the order a tick runs them. Modules add theirs here. */
export const JOBS: readonly Job[] = [...NOTIFICATION_JOBS];

/** How often the scheduler looks for due jobs. */
export const SCHEDULER_TICK_MS = 60_000;
