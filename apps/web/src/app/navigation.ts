import {
  type Icon,
  IconAdjustmentsHorizontal,
  IconBuildingCog,
  IconCalendarCheck,
  IconChecklist,
  IconClipboardList,
  IconFileCertificate,
  IconGridDots,
  IconHistory,
  IconLayoutDashboard,
  IconListSearch,
  IconPaperclip,
  IconServer2,
  IconShieldCheck,
  IconUsers,
} from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { TPermission } from '@vigil/contracts';
import type { TTranslation } from '../i18n/en.ts';

/** One entry of the main navigation. Modules add theirs here, in the order they should appear. */
export interface NavItem {
  /** i18n key of the label, under `nav.` in the language files. */
  labelKey: `nav.${keyof TTranslation['nav']}`;
  /** A route of the app's route tree (type-checked). */
  to: NonNullable<LinkProps['to']>;
  icon: Icon;
  /** Shown only to roles with this permission (the route refuses everyone else too). */
  ability?: TPermission;
}

export const NAVIGATION: readonly NavItem[] = [
  { labelKey: 'nav.overview', to: '/', icon: IconLayoutDashboard },
  { labelKey: 'nav.risks', to: '/risks', icon: IconClipboardList, ability: 'risk:read' },
  { labelKey: 'nav.heatMap', to: '/risks/heat-map', icon: IconGridDots, ability: 'risk:read' },
  { labelKey: 'nav.riskActions', to: '/risk-actions', icon: IconChecklist, ability: 'risk:read' },
  { labelKey: 'nav.riskAssessments', to: '/risk-assessments', icon: IconHistory, ability: 'risk:read' },
  { labelKey: 'nav.assets', to: '/assets', icon: IconServer2, ability: 'asset:read' },
  { labelKey: 'nav.controls', to: '/controls', icon: IconShieldCheck, ability: 'control:read' },
  { labelKey: 'nav.soa', to: '/soa', icon: IconFileCertificate, ability: 'control:read' },
  { labelKey: 'nav.evidence', to: '/evidence', icon: IconPaperclip, ability: 'evidence:read' },
  { labelKey: 'nav.checksDue', to: '/control-checks', icon: IconCalendarCheck, ability: 'control:read' },
  { labelKey: 'nav.people', to: '/people', icon: IconUsers, ability: 'person:read' },
  { labelKey: 'nav.auditTrail', to: '/audit-trail', icon: IconListSearch, ability: 'audit_event:read' },
  {
    labelKey: 'nav.riskMethodology',
    to: '/risk-methodology',
    icon: IconAdjustmentsHorizontal,
    ability: 'risk:read',
  },
  {
    labelKey: 'nav.organisationSettings',
    to: '/organisation',
    icon: IconBuildingCog,
    ability: 'organisation:update',
  },
];

/** Links that leave the single-page app (served by the server itself). */
export const API_REFERENCE_HREF = '/api/docs';
