import type {
  TAssetKind,
  TClassification,
  TEditableRiskStatus,
  TRiskActionStatus,
  TRiskTreatment,
  TRole,
} from '@vigil/contracts';

/**
 * What the demo organisation holds: Agora Civic, a small company whose online platform lets councils and
 * government departments run public consultations, surveys and participatory budgets. Plain data; the
 * steps in demo-*.ts turn it into records through the module services. Days count back from the day the
 * demo is made (`day: 170` is 170 days ago; `dueIn: -12` was due 12 days ago).
 */

export const DEMO_ORGANISATION_NAME = 'Agora Civic Ltd';

// ---------------------------------------------------------------- people

/** The person who makes the demo, the owner. */
export const OWNER = 'owner';

export interface DemoPerson {
  key: string;
  name: string;
  /** The part before @; the domain is the organisation's slug under .example (RFC 2606: no mail arrives). */
  mailbox: string;
  role: TRole;
  department: string;
  jobTitle: string;
}

/** Colleagues of the owner. Their accounts have no password: nobody signs in as them. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    key: 'cto',
    name: 'Tomás Reyes',
    mailbox: 'tomas.reyes',
    role: 'top_management',
    department: 'Leadership',
    jobTitle: 'Chief Technology Officer',
  },
  {
    key: 'security',
    name: 'Priya Raman',
    mailbox: 'priya.raman',
    role: 'security_officer',
    department: 'Security',
    jobTitle: 'Information Security Manager',
  },
  {
    key: 'support',
    name: 'Amara Okafor',
    mailbox: 'amara.okafor',
    role: 'contributor',
    department: 'Citizen Support',
    jobTitle: 'Head of Citizen Support',
  },
  {
    key: 'engineer',
    name: 'Jonas Berg',
    mailbox: 'jonas.berg',
    role: 'contributor',
    department: 'Engineering',
    jobTitle: 'Lead Engineer',
  },
  {
    key: 'platform',
    name: 'Mei Lin',
    mailbox: 'mei.lin',
    role: 'contributor',
    department: 'Engineering',
    jobTitle: 'Platform Engineer',
  },
  {
    key: 'dpo',
    name: 'Sofia Marin',
    mailbox: 'sofia.marin',
    role: 'contributor',
    department: 'Legal',
    jobTitle: 'Data Protection Officer',
  },
  {
    key: 'auditor',
    name: 'Lena Fischer',
    mailbox: 'lena.fischer',
    role: 'internal_auditor',
    department: 'Governance',
    jobTitle: 'Internal Auditor',
  },
];

// ---------------------------------------------------------------- assets

export interface DemoAsset {
  key: string;
  name: string;
  kind: TAssetKind;
  description: string;
  owner: string;
  classification: TClassification;
  personalData: boolean;
  citizenData: boolean;
  /** Confidentiality, integrity, availability: 1 low, 2 medium, 3 high. */
  cia: readonly [number, number, number];
  location: string | null;
}

export const DEMO_ASSETS: readonly DemoAsset[] = [
  {
    key: 'submissions',
    name: 'Citizen submissions database',
    kind: 'information',
    description:
      'Every response, comment and vote citizens give in consultations, with contact details where they leave them.',
    owner: 'engineer',
    classification: 'restricted',
    personalData: true,
    citizenData: true,
    cia: [3, 3, 2],
    location: 'Managed PostgreSQL, hosting provider, London region',
  },
  {
    key: 'webapp',
    name: 'Consultation web application',
    kind: 'system',
    description:
      'The public consultation sites of every client, the moderation tools and the client administration pages.',
    owner: 'engineer',
    classification: 'confidential',
    personalData: true,
    citizenData: true,
    cia: [3, 3, 3],
    location: 'Hosting provider, London region',
  },
  {
    key: 'identity',
    name: 'Identity provider',
    kind: 'service',
    description: 'Sign-in for staff and client administrators, and verified accounts for citizens.',
    owner: 'platform',
    classification: 'confidential',
    personalData: true,
    citizenData: true,
    cia: [3, 3, 3],
    location: 'SaaS, EU region',
  },
  {
    key: 'hosting',
    name: 'Cloud hosting provider',
    kind: 'supplier',
    description: 'Compute, managed databases, object storage and CDN for the platform.',
    owner: 'cto',
    classification: 'confidential',
    personalData: true,
    citizenData: true,
    cia: [3, 3, 3],
    location: null,
  },
  {
    key: 'support-desk',
    name: 'Support desk',
    kind: 'service',
    description: 'Ticketing for questions from citizens and client staff, with the attachments they send.',
    owner: 'support',
    classification: 'confidential',
    personalData: true,
    citizenData: true,
    cia: [2, 2, 2],
    location: 'SaaS, EU region',
  },
  {
    key: 'laptops',
    name: 'Staff laptops',
    kind: 'system',
    description: 'Twenty-two laptops, managed by device management with full-disk encryption.',
    owner: 'platform',
    classification: 'confidential',
    personalData: true,
    citizenData: false,
    cia: [3, 2, 2],
    location: null,
  },
  {
    key: 'backups',
    name: 'Backups',
    kind: 'information',
    description: 'Nightly database snapshots and weekly copies to a second provider, kept for 35 days.',
    owner: 'platform',
    classification: 'restricted',
    personalData: true,
    citizenData: true,
    cia: [3, 3, 3],
    location: 'Hosting provider and a second provider, UK',
  },
  {
    key: 'analytics',
    name: 'Product analytics',
    kind: 'service',
    description: 'Page views and feature use on the consultation sites, to improve the product.',
    owner: 'dpo',
    classification: 'internal',
    personalData: true,
    citizenData: true,
    cia: [2, 1, 1],
    location: 'SaaS, United States',
  },
  {
    key: 'email',
    name: 'Transactional email provider',
    kind: 'supplier',
    description: 'Sends confirmations and notifications to participants and client staff.',
    owner: 'dpo',
    classification: 'confidential',
    personalData: true,
    citizenData: true,
    cia: [2, 2, 2],
    location: null,
  },
  {
    key: 'source',
    name: 'Source code repository',
    kind: 'system',
    description: 'The code of the platform, its infrastructure definitions and the deployment pipeline.',
    owner: 'engineer',
    classification: 'confidential',
    personalData: false,
    citizenData: false,
    cia: [2, 3, 2],
    location: 'SaaS, EU region',
  },
  {
    key: 'office',
    name: 'Leeds office',
    kind: 'site',
    description: 'Second floor of a shared building with a staffed reception; most staff work from home.',
    owner: 'cto',
    classification: 'internal',
    personalData: false,
    citizenData: false,
    cia: [1, 1, 2],
    location: 'Leeds, United Kingdom',
  },
  {
    key: 'support-staff',
    name: 'Citizen support team',
    kind: 'people',
    description:
      'Six agents who answer citizens and client staff and moderate comments on busy consultations.',
    owner: 'support',
    classification: 'confidential',
    personalData: true,
    citizenData: true,
    cia: [3, 2, 2],
    location: null,
  },
];

// ---------------------------------------------------------------- risks

/** A likelihood and impact on the default 5 x 5 methodology. */
export type DemoRating = readonly [likelihood: number, impact: number];

export interface DemoAction {
  title: string;
  description: string;
  owner: string;
  /** Days from today the action is due (negative: in the past). */
  dueIn: number;
  /** Status while open; every action starts planned. */
  status?: Extract<TRiskActionStatus, 'planned' | 'in_progress'>;
  /** The day it was done (days ago), what was done, and where the evidence is. */
  done?: { day: number; note: string; evidenceUrl?: string };
}

export interface DemoRisk {
  key: string;
  /** The day the risk was registered (days ago). */
  day: number;
  title: string;
  threat: string;
  vulnerability: string;
  consequence: string;
  category: string;
  owner: string;
  assets: readonly string[];
  /** Which of confidentiality, integrity and availability it threatens, as letters: `CI`. */
  affects: string;
  inherent: DemoRating;
  treatment: TRiskTreatment;
  residual: DemoRating | null;
  status: TEditableRiskStatus;
  tags: readonly string[];
  actions: readonly DemoAction[];
  /** Accepted by `by` on `day` (days ago) until `days` later. */
  acceptance?: { day: number; by: string; days: number; justification: string };
  /** Later changes of rating: on `day` (days ago), why. */
  rerated?: readonly { day: number; inherent?: DemoRating; residual?: DemoRating; reason: string }[];
  /** Closed on `day` (days ago), why. */
  closed?: { day: number; reason: string };
}

export const DEMO_RISKS: readonly DemoRisk[] = [
  {
    key: 'access-control',
    day: 172,
    title: 'Broken access control exposes citizens’ submissions',
    threat:
      'An outside attacker, or a participant signed in to one consultation, asks the moderation and export endpoints for submissions by their id.',
    vulnerability:
      'Object-level authorisation is checked in the web pages but not in every API endpoint: several trust the submission id in the URL. The last penetration test found one such endpoint (fixed since); no automated test proves every endpoint checks it.',
    consequence:
      'Names, addresses and free-text opinions of citizens, some of them about health or politics, are disclosed: a personal data breach to report within 72 hours, and clients who may end their contracts.',
    category: 'Application security',
    owner: 'engineer',
    assets: ['webapp', 'submissions'],
    affects: 'CI',
    inherent: [4, 5],
    treatment: 'mitigate',
    residual: [2, 4],
    status: 'in_treatment',
    tags: ['owasp', 'personal-data'],
    actions: [
      {
        title: 'Central authorisation check for every submission read',
        description: 'One middleware decides access to a submission; endpoints can no longer skip it.',
        owner: 'engineer',
        dueIn: -100,
        done: {
          day: 104,
          note: 'Merged and deployed; the endpoint found in the penetration test now answers 404 to other participants.',
          evidenceUrl: 'https://git.agora-civic.example/platform/merge_requests/1841',
        },
      },
      {
        title: 'Authorisation tests for every API endpoint',
        description: 'A test per endpoint that another participant and another client get nothing.',
        owner: 'engineer',
        dueIn: 21,
        status: 'in_progress',
      },
      {
        title: 'Retest of the API by the penetration testers',
        description: 'Book the retest once the authorisation tests cover every endpoint.',
        owner: 'security',
        dueIn: 60,
      },
    ],
  },
  {
    key: 'hosting-outage',
    day: 171,
    title: 'Hosting provider outage during a live consultation',
    threat:
      'A regional outage at the cloud hosting provider (power, network, or a faulty change on their side) while a statutory consultation is open.',
    vulnerability:
      'The platform runs in one region. Failover to the second region is written down but has never been rehearsed, and DNS records have a time to live of one day.',
    consequence:
      'Citizens cannot respond before the consultation closes. The client may have to extend or rerun a statutory consultation, with cost, press coverage and a risk of legal challenge to the decision.',
    category: 'Availability',
    owner: 'platform',
    assets: ['hosting', 'webapp'],
    affects: 'A',
    inherent: [3, 4],
    treatment: 'mitigate',
    residual: [2, 3],
    status: 'treatment_planned',
    tags: ['continuity', 'supplier'],
    actions: [
      {
        title: 'Shorten DNS time to live to 60 seconds',
        description: 'So that a switch to the second region reaches citizens within minutes.',
        owner: 'platform',
        dueIn: -140,
        done: { day: 150, note: 'Time to live is 60 seconds on every public record.' },
      },
      {
        title: 'Rehearse failover to the second region',
        description: 'A timed rehearsal outside consultation hours, with the runbook updated afterwards.',
        owner: 'platform',
        dueIn: -10,
      },
    ],
  },
  {
    key: 'phishing',
    day: 170,
    title: 'Phishing of citizen support staff',
    threat:
      'Targeted emails to the support team, some posing as a council officer asking for an urgent export of responses.',
    vulnerability:
      'Agents can read submissions to answer questions; phishing-resistant sign-in is not enforced on the support desk; 14% of agents clicked in the last simulation.',
    consequence:
      'An attacker with an agent’s session reads or exports citizens’ personal data and writes convincing messages to participants from our support address.',
    category: 'People',
    owner: 'support',
    assets: ['support-staff', 'support-desk'],
    affects: 'CI',
    inherent: [4, 4],
    treatment: 'mitigate',
    residual: [2, 3],
    status: 'in_treatment',
    tags: ['phishing', 'personal-data'],
    actions: [
      {
        title: 'Quarterly phishing simulation and training',
        description: 'Simulations built on real lures seen by the team, with a short session afterwards.',
        owner: 'security',
        dueIn: -90,
        done: { day: 95, note: 'Simulation run; click rate down to 4%; training held for all six agents.' },
      },
      {
        title: 'Passkeys for the support desk',
        description: 'Enforce passkeys or security keys for every agent account.',
        owner: 'platform',
        dueIn: 14,
        status: 'in_progress',
      },
    ],
    rerated: [
      {
        day: 75,
        inherent: [5, 4],
        reason:
          'Three agents received lookalike council emails in one week: targeted phishing is now almost certain.',
      },
    ],
  },
  {
    key: 'retention',
    day: 169,
    title: 'Personal data kept after a consultation ends',
    threat:
      'Responses and contact details stay stored long after a consultation and its report are finished, and are later caught up in a breach or a subject access request.',
    vulnerability:
      'Retention periods are agreed in each contract, but deletion is manual and done by engineers on request. Several consultations closed in 2023 still hold identifiable responses.',
    consequence:
      'A breach of the storage limitation principle (UK GDPR article 5(1)(e)), a larger impact of any breach, and findings in clients’ data protection audits.',
    category: 'Data protection',
    owner: 'dpo',
    assets: ['submissions', 'backups'],
    affects: 'C',
    inherent: [4, 3],
    treatment: 'mitigate',
    residual: [2, 2],
    status: 'treatment_planned',
    tags: ['gdpr', 'personal-data'],
    actions: [
      {
        title: 'Purge identifiable responses of consultations closed before 2024',
        description: 'Agree the list with each client, then anonymise and record what was removed.',
        owner: 'dpo',
        dueIn: -5,
      },
      {
        title: 'Anonymise responses 90 days after a consultation’s report is published',
        description: 'A scheduled job with a report to the client of what was anonymised.',
        owner: 'engineer',
        dueIn: 45,
        status: 'in_progress',
      },
    ],
  },
  {
    key: 'vote-stuffing',
    day: 168,
    title: 'Vote stuffing in a survey',
    threat:
      'Organised groups or scripts submit many responses to a survey or vote to sway its result, above all on contested local issues.',
    vulnerability:
      'Surveys allow anonymous answers by design; duplicates are detected by cookies and IP rate limits only, which are easy to evade.',
    consequence:
      'A skewed result is reported to elected members; once found out, the consultation is discredited and the client’s decision can be challenged.',
    category: 'Integrity',
    owner: 'engineer',
    assets: ['webapp'],
    affects: 'I',
    inherent: [3, 4],
    treatment: 'mitigate',
    residual: [2, 2],
    status: 'in_treatment',
    tags: ['elections', 'fraud'],
    actions: [
      {
        title: 'Rate limit and challenge on anonymous responses',
        description: 'Proof-of-work challenge and per-network limits on anonymous survey answers.',
        owner: 'engineer',
        dueIn: -80,
        done: { day: 82, note: 'Live on every survey; bursts from one network are slowed down.' },
      },
      {
        title: 'Flag unusual bursts of responses to moderators',
        description: 'Alert moderators when the response pattern of a survey changes sharply.',
        owner: 'engineer',
        dueIn: 60,
      },
    ],
    acceptance: {
      day: 62,
      by: 'engineer',
      days: 365,
      justification:
        'With the rate limits and challenges live, organised stuffing is slow and visible; verified-only surveys remain available to clients who need them.',
    },
    rerated: [
      {
        day: 4,
        residual: [3, 2],
        reason:
          'A client reported a coordinated campaign that got past the rate limits through many mobile networks.',
      },
    ],
  },
  {
    key: 'dependency',
    day: 167,
    title: 'Vulnerable third-party dependency in the web application',
    threat:
      'A publicly known vulnerability in an open-source library we ship, such as the rich-text editor or an XML parser, is exploited before we patch it.',
    vulnerability:
      'Dependencies are updated in a monthly batch; nobody is alerted when an advisory is published for a production dependency, and releases have no software bill of materials.',
    consequence:
      'Remote code execution or cross-site scripting on consultation sites: theft of data, or defacement during a live consultation.',
    category: 'Application security',
    owner: 'engineer',
    assets: ['webapp', 'source'],
    affects: 'CIA',
    inherent: [4, 4],
    treatment: 'mitigate',
    residual: [2, 4],
    status: 'in_treatment',
    tags: ['owasp', 'supply-chain'],
    actions: [
      {
        title: 'Advisory alerts and weekly update requests for dependencies',
        description:
          'Automated pull requests for updates, and an alert for every advisory on a production dependency.',
        owner: 'engineer',
        dueIn: -120,
        done: { day: 125, note: 'Enabled on every repository; advisories go to the engineering channel.' },
      },
      {
        title: 'Software bill of materials for every release',
        description: 'A CycloneDX file attached to each release, kept for three years.',
        owner: 'engineer',
        dueIn: -15,
        status: 'in_progress',
      },
    ],
  },
  {
    key: 'insider',
    day: 166,
    title: 'Insider misuse of support access',
    threat:
      'A support agent looks up or copies the responses of people they know, such as neighbours or public figures, out of curiosity or for gain.',
    vulnerability:
      'Agents could search all submissions of all clients; access is logged, but nobody reviewed the logs.',
    consequence:
      'An intrusion into citizens’ privacy, a reportable breach, disciplinary and legal action, and a client’s trust lost.',
    category: 'People',
    owner: 'support',
    assets: ['support-desk', 'submissions', 'support-staff'],
    affects: 'C',
    inherent: [2, 4],
    treatment: 'mitigate',
    residual: [1, 4],
    status: 'in_treatment',
    tags: ['insider', 'personal-data'],
    actions: [
      {
        title: 'Limit agent search to the tickets assigned to them',
        description: 'Search beyond an agent’s tickets needs a second agent’s approval.',
        owner: 'engineer',
        dueIn: -110,
        done: { day: 112, note: 'Deployed; approvals are logged with the ticket.' },
      },
      {
        title: 'Monthly review of support access logs',
        description: 'The head of support reviews unusual lookups and records the review.',
        owner: 'support',
        dueIn: -70,
        done: { day: 70, note: 'First review done; no misuse found; the review is now a monthly routine.' },
      },
    ],
    acceptance: {
      day: 58,
      by: 'support',
      days: 365,
      justification:
        'Search is limited to assigned tickets and access is reviewed monthly: what remains is the rare misuse of a ticket one is assigned.',
    },
  },
  {
    key: 'bucket',
    day: 165,
    title: 'Misconfigured storage bucket exposes consultation exports',
    threat:
      'Scanners that look for publicly readable object storage find exports of responses (CSV files) left in a bucket.',
    vulnerability:
      'Exports for clients are written to object storage; bucket policies are set by hand, and nothing blocks public access for the whole account.',
    consequence:
      'Bulk disclosure of the responses of one or more consultations, found by a journalist or a researcher.',
    category: 'Cloud',
    owner: 'platform',
    assets: ['hosting', 'submissions'],
    affects: 'C',
    inherent: [3, 5],
    treatment: 'mitigate',
    residual: [2, 5],
    status: 'in_treatment',
    tags: ['cloud', 'personal-data'],
    actions: [
      {
        title: 'Block public access for the whole storage account',
        description: 'Account-level setting, plus an alert if anyone changes it.',
        owner: 'platform',
        dueIn: -130,
        done: { day: 131, note: 'Blocked at account level; a policy alerts on any change.' },
      },
      {
        title: 'Delete export files after 7 days',
        description: 'A lifecycle rule on the exports bucket; clients are told in the export screen.',
        owner: 'platform',
        dueIn: 20,
      },
    ],
    rerated: [
      {
        day: 100,
        residual: [1, 5],
        reason: 'Public access is now blocked for the whole account, with an alert on any change.',
      },
    ],
  },
  {
    key: 'ddos',
    day: 164,
    title: 'DDoS attack during a high-profile consultation',
    threat:
      'Activists or a rented botnet flood the site while a controversial consultation, such as a planning decision, is open.',
    vulnerability:
      'The CDN absorbs volumetric attacks, but floods of search and submission requests reach the application servers.',
    consequence:
      'Citizens cannot take part for hours; the consultation may have to be extended; media attention on the client.',
    category: 'Availability',
    owner: 'platform',
    assets: ['webapp', 'hosting'],
    affects: 'A',
    inherent: [3, 4],
    treatment: 'mitigate',
    residual: [2, 3],
    status: 'in_treatment',
    tags: ['continuity'],
    actions: [
      {
        title: 'Managed DDoS protection and bot rules at the CDN',
        description: 'Rate rules for search and submission endpoints, with a runbook for raising them.',
        owner: 'platform',
        dueIn: -100,
        done: { day: 101, note: 'Enabled; tested with a load test from outside.' },
      },
    ],
    acceptance: {
      day: 55,
      by: 'security',
      days: 180,
      justification:
        'The CDN rules held during a 3-hour flood in March. Further protection costs more than the harm of a short outage, which we handle by extending the consultation.',
    },
  },
  {
    key: 'laptop',
    day: 163,
    title: 'Loss or theft of a staff laptop',
    threat: 'A laptop is left on a train, or stolen from a car or the office.',
    vulnerability:
      'Laptops hold local copies of exports and support attachments; full-disk encryption is enforced by device management on all but two older machines.',
    consequence:
      'Possible disclosure of personal data on the device, its replacement cost and a day of lost work.',
    category: 'Devices',
    owner: 'platform',
    assets: ['laptops'],
    affects: 'C',
    inherent: [3, 3],
    treatment: 'mitigate',
    residual: [3, 1],
    status: 'in_treatment',
    tags: ['devices'],
    actions: [
      {
        title: 'Replace the two laptops without managed encryption',
        description: 'Order, enrol and wipe the old machines.',
        owner: 'platform',
        dueIn: -90,
        done: { day: 92, note: 'Both replaced; old disks wiped and certificates of destruction filed.' },
      },
    ],
    acceptance: {
      day: 60,
      by: 'platform',
      days: 365,
      justification:
        'Every laptop is encrypted and can be wiped remotely: a lost laptop costs money, not data.',
    },
  },
  {
    key: 'admin-mfa',
    day: 162,
    title: 'Weak multi-factor authentication on administrator accounts',
    threat:
      'An attacker phishes or relays the credentials of an engineer with administrator access to the cloud console, the identity provider or the source code repository.',
    vulnerability:
      'Administrator accounts use SMS or app codes, which can be relayed in real time; two emergency accounts have no second factor at all.',
    consequence:
      'Full control of the platform: theft of every client’s data, tampering with results, and destruction of backups.',
    category: 'Access control',
    owner: 'platform',
    assets: ['identity', 'hosting', 'source'],
    affects: 'CIA',
    inherent: [3, 5],
    treatment: 'mitigate',
    residual: [1, 5],
    status: 'treatment_planned',
    tags: ['mfa', 'privileged-access'],
    actions: [
      {
        title: 'Seal the emergency account credentials with dual control',
        description: 'Credentials split between two sealed envelopes in the office safe; use is logged.',
        owner: 'cto',
        dueIn: -120,
        done: { day: 121, note: 'Sealed and stored; the procedure is in the runbook.' },
      },
      {
        title: 'Security keys for every administrator account',
        description:
          'FIDO2 keys for the cloud console, the identity provider and the repository; codes disabled.',
        owner: 'platform',
        dueIn: -25,
      },
    ],
  },
  {
    key: 'client-api',
    day: 161,
    title: 'Insecure API for government client integrations',
    threat:
      'A client’s integration credentials leak (in a script, a log or a former employee’s laptop) and are used to pull data through the client API.',
    vulnerability:
      'API keys for clients never expire, are not limited to the client’s networks and reach all of a client’s consultations.',
    consequence:
      'Disclosure of the submissions of that client’s consultations; the client’s own systems may be implicated.',
    category: 'Application security',
    owner: 'engineer',
    assets: ['webapp', 'identity'],
    affects: 'CI',
    inherent: [3, 4],
    treatment: 'mitigate',
    residual: [2, 3],
    status: 'in_treatment',
    tags: ['api', 'clients'],
    actions: [
      {
        title: 'Replace static API keys with OAuth client credentials',
        description:
          'Scoped per consultation, rotated every 90 days, optionally limited to the client’s networks.',
        owner: 'engineer',
        dueIn: 90,
        status: 'in_progress',
      },
    ],
  },
  {
    key: 'accessibility',
    day: 160,
    title: 'Non-compliance with public sector accessibility regulations',
    threat:
      'Disabled citizens cannot complete a consultation with assistive technology, and a complaint reaches the client or the monitoring body.',
    vulnerability:
      'New survey question types were released without an accessibility audit; the accessibility statement is fourteen months old.',
    consequence:
      'A breach of the Public Sector Bodies Accessibility Regulations 2018 for the client, citizens excluded, and a consultation open to challenge.',
    category: 'Legal and compliance',
    owner: 'dpo',
    assets: ['webapp'],
    affects: 'A',
    inherent: [3, 3],
    treatment: 'mitigate',
    residual: [2, 2],
    status: 'treatment_planned',
    tags: ['accessibility', 'compliance'],
    actions: [
      {
        title: 'WCAG 2.2 AA audit of the survey builder and question types',
        description: 'External audit with screen reader users; fixes planned from its findings.',
        owner: 'engineer',
        dueIn: 30,
      },
      {
        title: 'Update the accessibility statement',
        description: 'After the audit, with known issues and dates for their fixes.',
        owner: 'dpo',
        dueIn: 50,
      },
    ],
  },
  {
    key: 'moderation',
    day: 159,
    title: 'Personal data published in public comments',
    threat:
      'Participants post names, addresses or health details of themselves or others in public comments, and moderators approve them.',
    vulnerability:
      'Moderation is manual and under time pressure on busy consultations, with no automatic detection of personal data.',
    consequence:
      'Personal data published on a government-branded site and indexed by search engines: complaints and a reportable breach.',
    category: 'Data protection',
    owner: 'support',
    assets: ['webapp', 'support-staff'],
    affects: 'C',
    inherent: [4, 3],
    treatment: 'mitigate',
    residual: [3, 2],
    status: 'in_treatment',
    tags: ['moderation', 'personal-data'],
    actions: [
      {
        title: 'Refresh the moderation guidelines and train moderators',
        description: 'Examples of personal data to hold back, and how to redact rather than reject.',
        owner: 'support',
        dueIn: -95,
        done: { day: 97, note: 'Guidelines updated; all moderators trained; quiz results filed.' },
      },
      {
        title: 'Detect personal data in comments before they are published',
        description: 'Hold comments with names, addresses or health terms for a second look.',
        owner: 'engineer',
        dueIn: 40,
      },
    ],
  },
  {
    key: 'restore',
    day: 158,
    title: 'Backups never restored in a test',
    threat:
      'Data is lost through an operator error, ransomware or a provider incident, and must be restored from backup.',
    vulnerability:
      'Nightly backups run and report success, but a full restore has never been tested: nobody knows how long one takes, or whether it works.',
    consequence:
      'Responses of live consultations are lost, or the platform is down for days; clients lose the evidence of statutory consultations.',
    category: 'Continuity',
    owner: 'platform',
    assets: ['backups', 'submissions'],
    affects: 'IA',
    inherent: [3, 5],
    treatment: 'mitigate',
    residual: [2, 4],
    status: 'treatment_planned',
    tags: ['continuity', 'backup'],
    actions: [
      {
        title: 'Quarterly restore test into an isolated environment',
        description: 'Restore last night’s backup, check row counts and a sample of responses, time it.',
        owner: 'platform',
        dueIn: -40,
      },
    ],
  },
  {
    key: 'key-person',
    day: 157,
    title: 'Key person dependency on the lead engineer',
    threat: 'The lead engineer leaves, is ill for a long time, or cannot be reached during an incident.',
    vulnerability:
      'Deployments, database operations and the failover runbook depend on one person’s knowledge; runbooks are incomplete.',
    consequence: 'Slow or failed recovery from incidents, and client commitments that slip.',
    category: 'People',
    owner: 'cto',
    assets: ['source', 'hosting'],
    affects: 'A',
    inherent: [3, 4],
    treatment: 'mitigate',
    residual: [3, 3],
    status: 'in_treatment',
    tags: ['people'],
    actions: [
      {
        title: 'A second engineer on deployments and on call',
        description: 'Pair on every deployment for a quarter, then share the on-call rota.',
        owner: 'engineer',
        dueIn: 30,
        status: 'in_progress',
      },
    ],
  },
  {
    key: 'email-breach',
    day: 156,
    title: 'Breach at the email delivery provider',
    threat:
      'Our transactional email provider is breached and its customers’ data (recipient lists, message content) is copied.',
    vulnerability:
      'Notification emails to participants named the consultation and quoted the first lines of their response; the provider keeps messages for 30 days.',
    consequence:
      'Disclosure of participants’ addresses and of their part in sensitive consultations, and notification duties towards clients.',
    category: 'Suppliers',
    owner: 'dpo',
    assets: ['email'],
    affects: 'C',
    inherent: [2, 3],
    treatment: 'transfer',
    residual: [2, 2],
    status: 'in_treatment',
    tags: ['supplier', 'personal-data'],
    actions: [
      {
        title: 'Remove response excerpts from notification emails',
        description: 'Emails link to the site instead of quoting the response.',
        owner: 'engineer',
        dueIn: -110,
        done: { day: 115, note: 'Templates changed; no response text leaves the platform by email.' },
      },
      {
        title: 'Yearly review of the provider’s certification and processing agreement',
        description: 'ISO/IEC 27001 certificate, breach notification terms and sub-processors.',
        owner: 'dpo',
        dueIn: -60,
        done: {
          day: 64,
          note: 'Certificate valid until next year; the processing agreement now has 24-hour breach notice.',
        },
      },
    ],
    acceptance: {
      day: 57,
      by: 'dpo',
      days: 365,
      justification:
        'Emails now carry no response text and the provider is certified with a 24-hour breach notice: the remaining exposure is email addresses.',
    },
  },
  {
    key: 'logging',
    day: 155,
    title: 'Gaps in security logging and monitoring',
    threat:
      'An intrusion or misuse goes unnoticed because the events that would reveal it are not collected or not looked at.',
    vulnerability:
      'Application logs are kept for 14 days; identity provider and cloud audit logs are not centralised; nothing alerts on administrator actions.',
    consequence:
      'Late detection, no evidence to investigate, and no way to tell clients what was accessed during a breach.',
    category: 'Operations',
    owner: 'platform',
    assets: ['webapp', 'identity', 'hosting'],
    affects: 'CI',
    inherent: [4, 3],
    treatment: 'mitigate',
    residual: [3, 3],
    status: 'in_treatment',
    tags: ['monitoring'],
    actions: [
      {
        title: 'Centralise audit logs with 12 months’ retention',
        description: 'Identity provider, cloud console and application audit logs in one store.',
        owner: 'platform',
        dueIn: 15,
        status: 'in_progress',
      },
      {
        title: 'Alerts on administrator actions and mass exports',
        description: 'Page the on-call engineer for new administrators, policy changes and large exports.',
        owner: 'platform',
        dueIn: 35,
      },
    ],
    rerated: [
      {
        day: 30,
        residual: [2, 3],
        reason: 'Identity provider and cloud audit logs are now centralised; application logs follow.',
      },
    ],
  },
  {
    key: 'cross-tenant',
    day: 154,
    title: 'Cross-tenant data leak between government clients',
    threat:
      'A defect in tenant scoping shows one council’s consultation data to another council’s staff, for example through search, caching or a shared report.',
    vulnerability:
      'Each query filters by client on its own, nothing in the database enforces it, and some pages are cached by URL only.',
    consequence:
      'Disclosure of another client’s citizens’ data, a breach notified to two clients, and contract penalties.',
    category: 'Application security',
    owner: 'engineer',
    assets: ['webapp', 'submissions'],
    affects: 'C',
    inherent: [2, 5],
    treatment: 'mitigate',
    residual: [1, 5],
    status: 'in_treatment',
    tags: ['multi-tenancy', 'personal-data'],
    actions: [
      {
        title: 'Client id in every cache key',
        description: 'Review every cached page and response; add the client to the key.',
        owner: 'engineer',
        dueIn: -120,
        done: { day: 122, note: 'All caches reviewed; a lint rule refuses cache keys without the client.' },
      },
      {
        title: 'Row-level security for client isolation in the database',
        description: 'The database refuses rows of another client, whatever the query.',
        owner: 'engineer',
        dueIn: 120,
      },
    ],
  },
  {
    key: 'office',
    day: 153,
    title: 'Unauthorised access to the office',
    threat: 'A visitor or intruder in the shared office building reads papers or screens, or takes a device.',
    vulnerability: 'Desks are open, but the building has a staffed reception and little paper is kept.',
    consequence:
      'Minor disclosure of internal information; citizens’ data is not printed or stored in the office.',
    category: 'Physical',
    owner: 'cto',
    assets: ['office'],
    affects: 'C',
    inherent: [2, 2],
    treatment: 'accept',
    residual: null,
    status: 'assessed',
    tags: ['physical'],
    actions: [],
    acceptance: {
      day: 56,
      by: 'cto',
      days: 730,
      justification:
        'Low likelihood and impact; staff work mostly from home and no citizen data is kept on paper.',
    },
  },
  {
    key: 'analytics',
    day: 152,
    title: 'Analytics tracking participants without valid consent',
    threat:
      'Participants’ visits to consultation pages are tracked by a third-party analytics script before they consent.',
    vulnerability:
      'The analytics script loaded on every page; consent settings differed from client to client.',
    consequence:
      'A breach of PECR and UK GDPR on government-branded sites, a complaint to the ICO, and lost trust in the consultation.',
    category: 'Data protection',
    owner: 'dpo',
    assets: ['analytics', 'webapp'],
    affects: 'C',
    inherent: [3, 2],
    treatment: 'avoid',
    residual: [1, 2],
    status: 'treatment_planned',
    tags: ['gdpr', 'supplier'],
    actions: [
      {
        title: 'Replace third-party analytics with cookieless, self-hosted analytics',
        description: 'No personal data leaves the platform; no consent needed for aggregate counts.',
        owner: 'engineer',
        dueIn: -45,
        done: { day: 42, note: 'Third-party script removed from every site; self-hosted counts live.' },
      },
    ],
    closed: { day: 35, reason: 'The third-party analytics is gone: the risk no longer exists.' },
  },
  {
    key: 'secrets',
    day: 151,
    title: 'Secrets leaked from the source code repository',
    threat:
      'Credentials committed to the repository are found by someone with access to it, or after it is exposed by mistake.',
    vulnerability: 'A scan found three old secrets in the history; nothing stops a secret from being pushed.',
    consequence: 'Access to production databases or third-party services with a leaked credential.',
    category: 'Development',
    owner: 'engineer',
    assets: ['source'],
    affects: 'CI',
    inherent: [3, 4],
    treatment: 'mitigate',
    residual: [1, 4],
    status: 'in_treatment',
    tags: ['supply-chain'],
    actions: [
      {
        title: 'Rotate the secrets found and turn on push protection',
        description: 'Rotate the three credentials; block pushes that contain secrets.',
        owner: 'engineer',
        dueIn: -130,
        done: { day: 133, note: 'All three rotated; push protection on for every repository.' },
      },
    ],
  },
  // registered after the first assessment
  {
    key: 'ai-summaries',
    day: 48,
    title: 'Inaccurate AI-generated consultation summaries',
    threat:
      'The new AI summary feature misrepresents or leaves out citizens’ views in the report given to decision makers.',
    vulnerability:
      'Summaries are generated from all responses, nobody has to review them before they are published, and behaviour on minority views is untested.',
    consequence:
      'Decisions made on a distorted picture, a consultation open to challenge, and damage to the client’s and our reputation.',
    category: 'Integrity',
    owner: 'cto',
    assets: ['webapp', 'submissions'],
    affects: 'I',
    inherent: [3, 3],
    treatment: 'mitigate',
    residual: [2, 3],
    status: 'treatment_planned',
    tags: ['ai'],
    actions: [
      {
        title: 'Human review and sign-off of AI summaries before publishing',
        description:
          'The client’s officer approves each summary; the tool shows the responses behind each point.',
        owner: 'engineer',
        dueIn: 20,
      },
    ],
  },
  {
    key: 'subject-requests',
    day: 46,
    title: 'Subject access requests not answered in time',
    threat:
      'Citizens, or campaigns that encourage them, send many access and erasure requests about their consultation responses.',
    vulnerability:
      'Requests arrive through the support desk and are handled by hand with engineering help; nobody tracks the one-month deadline.',
    consequence:
      'Missed legal deadlines, complaints to the ICO, and a support team overloaded during busy consultations.',
    category: 'Data protection',
    owner: 'dpo',
    assets: ['support-desk', 'submissions'],
    affects: 'C',
    inherent: [3, 3],
    treatment: 'mitigate',
    residual: [2, 2],
    status: 'in_treatment',
    tags: ['gdpr'],
    actions: [
      {
        title: 'Track data subject requests with their deadlines in the support desk',
        description: 'A request type with the deadline and a weekly report to the data protection officer.',
        owner: 'support',
        dueIn: 10,
        status: 'in_progress',
      },
    ],
  },
  {
    key: 'idp-outage',
    day: 44,
    title: 'Identity provider outage blocks sign-in',
    threat:
      'The external identity provider for staff and verified citizens is down, or misconfigured after a change.',
    vulnerability:
      'Moderators have no other way to sign in, and consultations open to verified participants only depend on the provider.',
    consequence: 'Moderators cannot work and verified consultations cannot take responses while it lasts.',
    category: 'Availability',
    owner: 'platform',
    assets: ['identity'],
    affects: 'A',
    inherent: [2, 4],
    treatment: 'mitigate',
    residual: [2, 3],
    status: 'assessed',
    tags: ['supplier', 'continuity'],
    actions: [],
  },
  {
    key: 'client-offboarding',
    day: 40,
    title: 'Client data not returned or deleted when a contract ends',
    threat:
      'A council ends its contract and asks for its data back and for deletion, within the contract’s 30 days.',
    vulnerability:
      'There is no tested export of a whole client, and deletion from backups depends on their 35-day rotation.',
    consequence:
      'A breach of contract and of processor obligations, and an unhappy former client who talks to others.',
    category: 'Suppliers',
    owner: 'cto',
    assets: ['submissions', 'backups'],
    affects: 'C',
    inherent: [2, 3],
    treatment: 'mitigate',
    residual: [1, 3],
    status: 'identified',
    tags: ['clients', 'gdpr'],
    actions: [],
  },
];

/** The two risk assessments: one early on, one recent, so that they can be compared. */
export const DEMO_ASSESSMENTS = [
  {
    day: 120,
    by: OWNER,
    title: 'Initial risk assessment',
    notes:
      'First assessment of the whole register, reviewed with the CTO before the ISO/IEC 27001 project started.',
  },
  {
    day: 14,
    by: 'security',
    title: 'Quarterly risk review',
    notes: 'Review ahead of the internal audit: new risks from the AI summaries project, treatment progress.',
  },
] as const;
