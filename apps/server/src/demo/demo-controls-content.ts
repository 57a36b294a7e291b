import type {
  TCheckFrequency,
  TCheckMethod,
  TCheckResult,
  TControlAttributes,
  TControlTheme,
  TEvidenceFileType,
  TImplementationStatus,
  TInclusionReason,
} from '@vigil/contracts';

/**
 * Agora Civic's Statement of Applicability, evidence and control checks: plain data, turned into records
 * by demo-controls.ts. The security officer decides every Annex A control a few weeks after the first
 * risk assessment, owners keep their controls up to date, evidence is collected as the work is done, and
 * the checks carry the routine tests the company ran before the ISO/IEC 27001 project (transcribed from
 * its check log when the checks are set up) and since. Days count back from the day the demo is made;
 * risks are named by their key in demo-content.ts, controls by their Annex A key or the content key of
 * the company's own controls.
 */

/** The cloud hosting provider (fictional): the data centres' physical controls are inherited from it. */
export const HOSTING_PROVIDER = 'Cirrus Cloud Services';

/** The days the security officer decides the Annex A controls, theme by theme. */
export const DECISION_DAYS = { 5: 118, 6: 117, 7: 116, 8: 115 } as const;

/** The day the checks are set up, with the runs done before it transcribed from the old check log. */
export const CHECKS_DAY = 110;

// ---------------------------------------------------------------- the Annex A controls

interface DemoDecisionBase {
  /** The Annex A reference: `5.1` for A.5.1. */
  ref: string;
  owner: string;
}

/** A control that applies: why, how it is implemented, which risks it treats. */
export interface DemoApplicableControl extends DemoDecisionBase {
  reasons: readonly TInclusionReason[];
  note: string;
  /** `inherited`: from `HOSTING_PROVIDER`. */
  status: TImplementationStatus;
  description: string;
  /** Keys of the risks it treats (with the reason `risk_treatment`). */
  risks?: readonly string[];
  /** When a control not yet implemented is due: days from today (negative: in the past). */
  targetIn?: number;
}

/** A control that does not apply, and why. */
export interface DemoExcludedControl extends DemoDecisionBase {
  excluded: string;
}

export type DemoControlDecision = DemoApplicableControl | DemoExcludedControl;

const NO_DATA_CENTRE =
  'Agora Civic runs no servers of its own: the platform, its databases and backups are in the hosting provider’s London data centres';

export const DEMO_CONTROL_DECISIONS: readonly DemoControlDecision[] = [
  // ---------------------------------------------------------------- organisational (A.5)
  {
    ref: '5.1',
    owner: 'security',
    reasons: ['contractual', 'business_need'],
    note: 'Our council and G-Cloud contracts ask for an approved information security policy; it is the top of the ISMS.',
    status: 'implemented',
    description:
      'An information security policy approved by the CTO, with topic policies for access control, acceptable use, suppliers, incident response, backup and secure development. Published on the intranet; staff acknowledge them when they join and after each yearly review.',
  },
  {
    ref: '5.2',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Twenty-two people share the security work: each duty needs a name.',
    status: 'implemented',
    description:
      'The Information Security Manager runs the ISMS and reports to the CTO; each control has a named owner in this register; the DPO advises on personal data. The engineering and support leads have their security duties in their job descriptions.',
  },
  {
    ref: '5.3',
    owner: 'security',
    reasons: ['risk_treatment'],
    note: 'No single agent or engineer should be able to read or change citizens’ data unseen.',
    status: 'implemented',
    description:
      'Changes to production need a review by a second engineer and only the pipeline deploys; the emergency accounts are sealed under dual control; agents cannot export responses (exports are for client staff only).',
    risks: ['insider'],
  },
  {
    ref: '5.4',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'Leadership has to set the example and follow up on security work.',
    status: 'implemented',
    description:
      'The CTO chairs a monthly security review with the Information Security Manager (risks, overdue actions, incidents, check results); team leads make sure their people complete training and follow the policies.',
  },
  {
    ref: '5.5',
    owner: 'security',
    reasons: ['legal_regulatory'],
    note: 'UK GDPR article 33: personal data breaches go to the ICO within 72 hours.',
    status: 'implemented',
    description:
      'The incident runbook lists who to call and how: the ICO breach line, the NCSC incident reporting service, Action Fraud and the police. The DPO keeps our ICO registration current.',
  },
  {
    ref: '5.6',
    owner: 'security',
    reasons: ['business_need'],
    note: 'A small team learns about threats to public-sector suppliers fastest from its peers.',
    status: 'implemented',
    description:
      'Members of the NCSC’s Cyber Security Information Sharing Partnership and of a local government digital suppliers’ security forum; engineers follow the security announcements of the frameworks we use.',
  },
  {
    ref: '5.7',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Campaigns against councils and their suppliers reach us before we read about them.',
    status: 'planned',
    description:
      'Planned: a weekly digest of NCSC advisories, the hosting provider’s security bulletins and advisories on our production dependencies, triaged at an engineering stand-up.',
    targetIn: -45,
  },
  {
    ref: '5.8',
    owner: 'security',
    reasons: ['business_need'],
    note: 'New features often mean new personal data or new suppliers.',
    status: 'implemented',
    description:
      'Every project that adds a feature, a supplier or a kind of data starts with a security and privacy checklist (data used, access, suppliers, DPIA screening), reviewed by the Information Security Manager and the DPO before building starts.',
  },
  {
    ref: '5.9',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'We cannot protect what we do not know we have.',
    status: 'implemented',
    description:
      'Assets are registered in Vigil with owner, classification and personal data flags; cloud resources are tagged by service and client and reconciled with the register each quarter; laptops are listed in device management.',
  },
  {
    ref: '5.10',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Staff handle citizens’ opinions, some about health or politics.',
    status: 'implemented',
    description:
      'The acceptable use policy covers laptops, citizen data, AI tools (no citizen data in public AI services) and personal devices (no access to citizen data from them). Acknowledged at joining and each year.',
  },
  {
    ref: '5.11',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'Laptops and security keys go home with people; they must come back.',
    status: 'implemented',
    description:
      'The leaver checklist: laptop returned by courier and wiped, security key returned, accounts closed on the last day; signed off by the line manager and the platform engineer.',
  },
  {
    ref: '5.12',
    owner: 'dpo',
    reasons: ['contractual'],
    note: 'Clients classify consultation data as OFFICIAL under the Government Security Classifications.',
    status: 'implemented',
    description:
      'Four levels (public, internal, confidential, restricted) mapped to the clients’ OFFICIAL marking; citizens’ submissions and backups are restricted; every asset in the register carries its level.',
  },
  {
    ref: '5.13',
    owner: 'dpo',
    reasons: ['contractual'],
    note: 'Clients expect exports and reports to say how they must be handled.',
    status: 'partially_implemented',
    description:
      'Exports and reports made by the platform carry the classification in their header and file name. Documents and spreadsheets made by hand are not labelled consistently yet: the document templates are being updated.',
    targetIn: 60,
  },
  {
    ref: '5.14',
    owner: 'support',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Responses leave the platform only in the ways the client contract allows.',
    status: 'implemented',
    description:
      'Exports of responses reach client staff only through the platform’s download page (signed links, valid for 24 hours), never by email or the support desk; the client API uses TLS and per-client credentials.',
    risks: ['bucket'],
  },
  {
    ref: '5.15',
    owner: 'security',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Each council must see only its own consultations, each agent only the tickets they handle.',
    status: 'implemented',
    description:
      'Access control policy: least privilege, access by role through identity provider groups approved by the system owner. In the product, every read of a submission is authorised in one place, against the consultation and the client.',
    risks: ['access-control', 'cross-tenant'],
  },
  {
    ref: '5.16',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'One identity per person makes access reviews and leavers reliable.',
    status: 'implemented',
    description:
      'One account per person in the identity provider, created from the HR joiner form and disabled on the leaving day. No shared accounts apart from the two sealed emergency accounts.',
  },
  {
    ref: '5.17',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Leaked passwords, keys and tokens are the usual way in.',
    status: 'partially_implemented',
    description:
      'Staff passwords in the company password manager; platform secrets in the cloud secret manager, never in code (push protection blocks them). Client API keys are still static and never expire until OAuth client credentials replace them.',
    risks: ['admin-mfa', 'secrets', 'client-api'],
    targetIn: 90,
  },
  {
    ref: '5.18',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Clients ask for proof that access to their data is reviewed.',
    status: 'implemented',
    description:
      'Access is requested in the service desk and approved by the system owner; leavers lose access on their last day. A quarterly access review covers the cloud console, identity provider, repository, support desk and production database.',
    risks: ['insider'],
  },
  {
    ref: '5.19',
    owner: 'dpo',
    reasons: ['risk_treatment', 'legal_regulatory'],
    note: 'UK GDPR article 28: we may use only processors that give sufficient guarantees.',
    status: 'implemented',
    description:
      'Suppliers that touch citizen data are assessed before a contract: certification, data location, sub-processors, breach notice. The supplier register lists nine suppliers with their risk tier.',
    risks: ['email-breach'],
  },
  {
    ref: '5.20',
    owner: 'dpo',
    reasons: ['risk_treatment', 'legal_regulatory'],
    note: 'UK GDPR article 28(3) sets what a processing agreement must contain.',
    status: 'implemented',
    description:
      'A data processing agreement with every processor: security measures, audit rights, approval of sub-processors, breach notice. Our solicitor reviewed the hosting provider’s standard terms.',
    risks: ['email-breach'],
  },
  {
    ref: '5.21',
    owner: 'engineer',
    reasons: ['risk_treatment'],
    note: 'Most of the code we ship is open-source code we did not write.',
    status: 'partially_implemented',
    description:
      'Dependencies are pinned with a lockfile, updated through automated weekly requests and watched by advisory alerts. A software bill of materials for each release is being added to the pipeline.',
    risks: ['dependency'],
    targetIn: 14,
  },
  {
    ref: '5.22',
    owner: 'dpo',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Our clients’ contracts make us answerable for our sub-processors.',
    status: 'implemented',
    description:
      'A half-yearly review of each critical supplier (hosting, identity provider, email delivery, support desk): certificates, incidents, sub-processor changes and service levels, recorded as a control check.',
    risks: ['email-breach', 'hosting-outage'],
  },
  {
    ref: '5.23',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'The whole platform runs in one cloud provider; clients require UK data residency.',
    status: 'implemented',
    description:
      'The platform runs on Cirrus Cloud Services, London region, under the shared responsibility split written in our cloud security standard: account guardrails (public storage blocked, encryption required, audit logging on), infrastructure in code, and an exit plan to a second provider.',
    risks: ['hosting-outage', 'bucket'],
  },
  {
    ref: '5.24',
    owner: 'security',
    reasons: ['contractual', 'legal_regulatory'],
    note: 'Clients must hear of incidents affecting their data within 24 hours; the ICO within 72 hours.',
    status: 'implemented',
    description:
      'An incident response plan with roles, severity levels and runbooks for a data breach, an account takeover and an outage; an on-call rota; client and regulator notification templates agreed with the DPO.',
  },
  {
    ref: '5.25',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Most events are noise; the few incidents must be recognised quickly.',
    status: 'implemented',
    description:
      'Events reported in the #security channel or raised by alerts are triaged by the on-call engineer within an hour against the severity table; the Information Security Manager decides whether an event is an incident.',
  },
  {
    ref: '5.26',
    owner: 'security',
    reasons: ['contractual'],
    note: 'Client contracts set how we respond and keep them informed.',
    status: 'implemented',
    description:
      'Incidents are handled in a dedicated ticket and channel following the runbooks; the DPO decides on breach notification; clients are kept informed by their account manager using the agreed templates.',
  },
  {
    ref: '5.27',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Every incident should leave the platform stronger.',
    status: 'implemented',
    description:
      'Every incident of severity 2 or above gets a blameless review within two weeks; its actions go to the risk register or the engineering backlog, and the runbooks are updated.',
  },
  {
    ref: '5.28',
    owner: 'security',
    reasons: ['legal_regulatory'],
    note: 'A breach may end with the ICO or the police: evidence must hold up.',
    status: 'implemented',
    description:
      'The runbooks say how to preserve evidence: snapshots of affected resources, audit logs exported to write-once storage, and a log of who did what and when during the response.',
  },
  {
    ref: '5.29',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'An outage is when shortcuts are most tempting.',
    status: 'implemented',
    description:
      'During a failover or a restore, the same access control, encryption and logging apply in the second region; the continuity plan forbids shortcuts such as public buckets or shared administrator accounts.',
    risks: ['hosting-outage'],
  },
  {
    ref: '5.30',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Statutory consultations cannot simply be rerun: contracts set a 4-hour recovery time.',
    status: 'partially_implemented',
    description:
      'Recovery objectives agreed with clients: 4 hours to recover, at most 24 hours of data lost. Infrastructure code and database replicas allow a rebuild in the second region, and DNS records live for 60 seconds; the failover itself has not been rehearsed yet.',
    risks: ['hosting-outage', 'restore'],
    targetIn: 45,
  },
  {
    ref: '5.31',
    owner: 'dpo',
    reasons: ['legal_regulatory', 'risk_treatment'],
    note: 'We and our clients answer to data protection, accessibility and computer misuse law.',
    status: 'implemented',
    description:
      'A register of the laws and contract terms that apply: UK GDPR and the Data Protection Act 2018, PECR, the Public Sector Bodies Accessibility Regulations 2018 for clients’ sites, the Computer Misuse Act and the security schedules of our contracts. The DPO reviews it each year.',
    risks: ['accessibility'],
  },
  {
    ref: '5.32',
    owner: 'engineer',
    reasons: ['legal_regulatory'],
    note: 'Copyright and licence terms apply to the software we ship and use.',
    status: 'implemented',
    description:
      'The build checks the licences of open-source dependencies (copyleft licences need approval); commercial software is bought per seat and listed in the asset register.',
  },
  {
    ref: '5.33',
    owner: 'dpo',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Consultation responses are the client’s evidence that a statutory consultation took place.',
    status: 'implemented',
    description:
      'Responses are kept unaltered with an audit trail for the period each contract sets, then returned or anonymised; the retention schedule lists every kind of record with its period and owner.',
    risks: ['retention'],
  },
  {
    ref: '5.34',
    owner: 'dpo',
    reasons: ['legal_regulatory', 'risk_treatment'],
    note: 'UK GDPR and the Data Protection Act 2018: we process citizens’ personal data for our clients.',
    status: 'implemented',
    description:
      'We are processor for our clients and controller for staff and client contacts. Records of processing, DPIAs for new features, a privacy notice template for clients, data subject requests answered with the client within one month, data kept in the UK.',
    risks: ['retention', 'moderation', 'analytics'],
  },
  {
    ref: '5.35',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'Leadership needs an independent view before the certification audit.',
    status: 'planned',
    description:
      'An internal audit of the whole ISMS by Lena Fischer, who owns none of the controls she audits, before the certification audit; the yearly penetration test gives an outside view of the platform.',
    targetIn: 25,
  },
  {
    ref: '5.36',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Policies only count if people follow them.',
    status: 'implemented',
    description:
      'Control owners confirm their controls each quarter; control checks in Vigil test the key controls; the monthly security review follows up every result that was not effective.',
  },
  {
    ref: '5.37',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Operations should not depend on what one engineer remembers.',
    status: 'partially_implemented',
    description:
      'Runbooks for deployment, database operations, restore and failover in the engineering handbook. The failover and database runbooks are being completed so that a second engineer can run them alone.',
    risks: ['key-person'],
    targetIn: 30,
  },

  // ---------------------------------------------------------------- people (A.6)
  {
    ref: '6.1',
    owner: 'cto',
    reasons: ['contractual', 'legal_regulatory'],
    note: 'Government contracts require BPSS-level checks for staff with access to citizen data; right to work checks are law.',
    status: 'implemented',
    description:
      'Identity, right to work, employment history and a basic criminal record check before the start date, through an external screening provider; repeated when someone moves into a role with production access.',
  },
  {
    ref: '6.2',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'Security duties must be part of the deal from the first day.',
    status: 'implemented',
    description:
      'Contracts of employment include confidentiality, acceptable use and security duties; contractors sign the same terms.',
  },
  {
    ref: '6.3',
    owner: 'security',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Agents are targeted by emails that pose as council officers; clients ask for yearly training.',
    status: 'implemented',
    description:
      'Security and data protection training at joining and every year (online course with a quiz), quarterly phishing simulations built on lures the support team has seen, and a moderation guide for agents.',
    risks: ['phishing', 'moderation'],
  },
  {
    ref: '6.4',
    owner: 'cto',
    reasons: ['risk_treatment'],
    note: 'Staff must know that misuse of citizens’ data has consequences.',
    status: 'implemented',
    description:
      'The disciplinary procedure names misuse of citizen data and deliberate policy breaches as gross misconduct; training says so.',
    risks: ['insider'],
  },
  {
    ref: '6.5',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'What people learn about clients stays confidential after they leave.',
    status: 'implemented',
    description:
      'Confidentiality duties continue after employment (in the contract); leavers are reminded in the exit meeting; access closes on the last day.',
  },
  {
    ref: '6.6',
    owner: 'cto',
    reasons: ['contractual'],
    note: 'Clients ask that everyone with access to their data is bound to confidentiality.',
    status: 'implemented',
    description:
      'Staff and contractors sign confidentiality terms; suppliers with access to citizen data sign a processing agreement; clients’ own confidentiality agreements are signed when they ask.',
  },
  {
    ref: '6.7',
    owner: 'security',
    reasons: ['risk_treatment'],
    note: 'Most of the team works from home most of the time.',
    status: 'implemented',
    description:
      'Remote work only on managed, encrypted laptops; no citizen data on paper or personal devices; privacy screens for work in public places; home Wi-Fi with WPA2 or better.',
    risks: ['laptop'],
  },
  {
    ref: '6.8',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Early reports make small incidents stay small.',
    status: 'implemented',
    description:
      'Anyone can report a suspected event in the #security channel, to the security mailbox, or anonymously through a form; agents pass on citizens’ reports of emails that pretend to come from us.',
  },

  // ---------------------------------------------------------------- physical (A.7)
  {
    ref: '7.1',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}; clients require certified data centres.`,
    status: 'inherited',
    description:
      'Inherited: the data centres’ perimeters are covered by the provider’s ISO/IEC 27001 certificate, checked in the half-yearly supplier review. The Leeds office holds no platform equipment.',
  },
  {
    ref: '7.2',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'The Leeds office is in a shared building; staff come in a few days a week.',
    status: 'implemented',
    description:
      'The building’s staffed reception signs visitors in; our floor opens with a key fob, issued and returned through the joiner and leaver checklists. Entry to the data centres is the hosting provider’s (A.7.1).',
  },
  {
    ref: '7.3',
    owner: 'cto',
    reasons: ['business_need'],
    note: 'The office keeps a few things that must stay locked away.',
    status: 'implemented',
    description:
      'A locked cabinet for spare laptops and security keys, and a safe for the sealed emergency account credentials; the last person out locks the floor.',
  },
  {
    ref: '7.4',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}.`,
    status: 'inherited',
    description:
      'Inherited: guards, CCTV and intrusion detection at the data centres are the provider’s, within its certification. The office building’s CCTV is run by the landlord.',
  },
  {
    ref: '7.5',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}.`,
    status: 'inherited',
    description:
      'Inherited: fire suppression, flood protection and climate control of the data centres; the second region, 200 km away, covers a disaster at one site.',
  },
  {
    ref: '7.6',
    owner: 'cto',
    excluded:
      'Agora Civic has no secure areas: the Leeds office is an open, general-purpose workspace where no restricted information is processed, and no member of staff has or needs access to the hosting provider’s data centres. The provider’s rules for its own secure areas are covered by its certification (see A.7.1).',
  },
  {
    ref: '7.7',
    owner: 'security',
    reasons: ['business_need'],
    note: 'Screens at home and on trains show citizens’ data.',
    status: 'implemented',
    description:
      'Screens lock after 5 minutes (enforced by device management); nothing from consultations is printed; desks are cleared at the end of an office day.',
  },
  {
    ref: '7.8',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}.`,
    status: 'inherited',
    description: 'Inherited: siting and protection of servers and network equipment in the data centres.',
  },
  {
    ref: '7.9',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Laptops travel with staff and hold support attachments.',
    status: 'implemented',
    description:
      'Laptops are encrypted and can be wiped remotely; staff keep them with them when travelling and report a loss at once through the #security channel.',
    risks: ['laptop'],
  },
  {
    ref: '7.10',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'Copies of exports on removable media would escape every other control.',
    status: 'implemented',
    description:
      'Device management blocks USB storage on every laptop; backups never go to removable media; disks of returned laptops are wiped before reuse.',
  },
  {
    ref: '7.11',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}.`,
    status: 'inherited',
    description:
      'Inherited: power, uninterruptible supplies, generators and cooling of the data centres. Laptops run on battery through an office power cut.',
  },
  {
    ref: '7.12',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}.`,
    status: 'inherited',
    description:
      'Inherited: power and network cabling in the data centres. No platform traffic runs over the office network, which we treat as untrusted.',
  },
  {
    ref: '7.13',
    owner: 'cto',
    reasons: ['contractual'],
    note: `${NO_DATA_CENTRE}.`,
    status: 'inherited',
    description:
      'Inherited: maintenance of the data centres’ equipment. Laptops are under a three-year warranty and repaired only by the manufacturer, after being wiped.',
  },
  {
    ref: '7.14',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'Laptops that leave the company must take no data with them.',
    status: 'implemented',
    description:
      'Laptops are wiped through device management before reuse; disks of retired laptops are destroyed by a certified company, with certificates of destruction filed. Disposal of data centre media is the hosting provider’s.',
  },

  // ---------------------------------------------------------------- technological (A.8)
  {
    ref: '8.1',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Laptops reach the support desk, the repository and the cloud console.',
    status: 'partially_implemented',
    description:
      'Laptops are enrolled in device management: full-disk encryption, screen lock, automatic updates, endpoint protection and remote wipe. Two older laptops without managed encryption are being replaced.',
    risks: ['laptop'],
    targetIn: -90,
  },
  {
    ref: '8.2',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'An administrator account reaches every client’s data.',
    status: 'implemented',
    description:
      'Administrator rights in the cloud console, identity provider and repository are held by three named engineers through separate administrator accounts; the two emergency accounts are sealed under dual control; all are reviewed quarterly.',
    risks: ['admin-mfa'],
  },
  {
    ref: '8.3',
    owner: 'engineer',
    reasons: ['risk_treatment', 'contractual'],
    note: 'A participant, an agent or a council must never read what is not theirs.',
    status: 'partially_implemented',
    description:
      'Pages check access to each submission, but several API endpoints trust the id in the URL. One middleware will decide every read of a submission, by consultation and client, and agents’ search will be limited to their assigned tickets.',
    risks: ['access-control', 'cross-tenant', 'insider'],
    targetIn: -100,
  },
  {
    ref: '8.4',
    owner: 'engineer',
    reasons: ['risk_treatment'],
    note: 'The repository holds the platform, its infrastructure and its pipeline.',
    status: 'implemented',
    description:
      'Repository access through the identity provider with multi-factor authentication; a protected main branch with review by a second engineer; push protection refuses secrets.',
    risks: ['secrets'],
  },
  {
    ref: '8.5',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Relayed one-time codes are how agents and administrators get phished.',
    status: 'partially_implemented',
    description:
      'Single sign-on with multi-factor authentication for every staff application. Passkeys for support agents are being rolled out and FIDO2 security keys for administrators are ordered.',
    risks: ['admin-mfa', 'phishing', 'access-control'],
    targetIn: -20,
  },
  {
    ref: '8.6',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Consultations on contested decisions bring sudden peaks, wanted or not.',
    status: 'implemented',
    description:
      'Web servers scale automatically; database capacity alarms at 70%; clients tell us about large consultations and we plan capacity before they open.',
    risks: ['ddos'],
  },
  {
    ref: '8.7',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Phishing emails and citizens’ attachments carry malware.',
    status: 'implemented',
    description:
      'Endpoint protection on every laptop through device management; email filtering with attachment sandboxing; files citizens upload are scanned before moderators open them.',
    risks: ['phishing'],
  },
  {
    ref: '8.8',
    owner: 'engineer',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Clients require a yearly independent penetration test.',
    status: 'implemented',
    description:
      'Advisory alerts and weekly update requests for dependencies; container images scanned when built; critical fixes within 7 days and high within 30; a yearly external penetration test of the application and API.',
    risks: ['dependency'],
  },
  {
    ref: '8.9',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'A setting changed by hand can expose every export at once.',
    status: 'implemented',
    description:
      'Infrastructure is defined in code and reviewed like application code; account guardrails block public storage and unencrypted volumes; drift detection reports any change made by hand.',
    risks: ['bucket'],
  },
  {
    ref: '8.10',
    owner: 'dpo',
    reasons: ['risk_treatment', 'legal_regulatory'],
    note: 'UK GDPR storage limitation: responses must not outlive their purpose.',
    status: 'partially_implemented',
    description:
      'Retention periods are set in each contract; deletions are made by engineers on request and recorded. A scheduled job to anonymise responses 90 days after a consultation’s report is being built.',
    risks: ['retention'],
    targetIn: 45,
  },
  {
    ref: '8.11',
    owner: 'dpo',
    reasons: ['legal_regulatory'],
    note: 'UK GDPR data minimisation: people should see only the personal data their work needs.',
    status: 'implemented',
    description:
      'Support and moderation screens show participants’ contact details only to the agent assigned to the ticket; client exports leave contact details out unless the consultation asked for them; test data is synthetic.',
  },
  {
    ref: '8.12',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Personal data leaks through public comments and stray exports.',
    status: 'partially_implemented',
    description:
      'Public access to storage is blocked for the whole account, with an alert on any change; exports leave only through signed links. Automatic detection of personal data in comments before they are published is being built.',
    risks: ['moderation', 'bucket'],
    targetIn: 40,
  },
  {
    ref: '8.13',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Clients must be able to rely on us for the evidence of their consultations.',
    status: 'partially_implemented',
    description:
      'Nightly database snapshots kept for 35 days and weekly encrypted copies at a second provider in the UK. A monthly restore test into an isolated account is being introduced: a full restore within the 4-hour objective is not yet proven.',
    risks: ['restore', 'hosting-outage'],
    targetIn: 30,
  },
  {
    ref: '8.14',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Contracts promise 99.9% availability while a consultation is open.',
    status: 'partially_implemented',
    description:
      'Web servers in three availability zones and a multi-zone database; a standby in the second region is defined in code but not rehearsed.',
    risks: ['hosting-outage'],
    targetIn: 90,
  },
  {
    ref: '8.15',
    owner: 'platform',
    reasons: ['risk_treatment', 'contractual'],
    note: 'After a breach, clients will ask what was accessed, by whom.',
    status: 'partially_implemented',
    description:
      'The application logs every read of a submission and every export, kept for 14 days. The identity provider, cloud console and application audit logs are being brought into one store with 12 months’ retention.',
    risks: ['logging', 'insider'],
    targetIn: 15,
  },
  {
    ref: '8.16',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'Logs nobody looks at detect nothing.',
    status: 'partially_implemented',
    description:
      'Uptime and error alerts page the on-call engineer. A monthly review of agents’ access logs by the head of support, and alerts on administrator actions and mass exports, are being added.',
    risks: ['logging', 'insider'],
    targetIn: 35,
  },
  {
    ref: '8.17',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'Logs from several systems must line up in an investigation.',
    status: 'implemented',
    description:
      'Servers and managed services use the provider’s time service, laptops the operating system’s; all logs are written in UTC.',
  },
  {
    ref: '8.18',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'Database consoles and the cloud command line bypass the application’s checks.',
    status: 'implemented',
    description:
      'Privileged tools are used only from administrator accounts, through a bastion that records the session; their use is announced in the #ops channel.',
  },
  {
    ref: '8.19',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'Production must run only what the pipeline built and tested.',
    status: 'implemented',
    description:
      'Production runs immutable container images built by the pipeline; nobody installs software on running servers; laptops install software only from the managed catalogue.',
  },
  {
    ref: '8.20',
    owner: 'platform',
    reasons: ['risk_treatment'],
    note: 'The platform is public by design and attracts floods and scans.',
    status: 'partially_implemented',
    description:
      'A CDN in front of the application absorbs volumetric floods; only the load balancer reaches the web servers; TLS 1.2 or later everywhere. Managed DDoS protection and rate rules for the search and submission endpoints are being turned on.',
    risks: ['ddos'],
    targetIn: -100,
  },
  {
    ref: '8.21',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'We rely on the provider’s and the CDN’s network services.',
    status: 'implemented',
    description:
      'Network services come from the hosting provider and the CDN under their certified terms; their settings (TLS, rate rules, firewall rules) are kept in infrastructure code.',
  },
  {
    ref: '8.22',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'A mistake in development must not reach production data.',
    status: 'implemented',
    description:
      'Production, staging and development in separate cloud accounts and networks; databases in private subnets; the office network is treated as untrusted.',
  },
  {
    ref: '8.23',
    owner: 'platform',
    reasons: ['business_need'],
    note: 'Laptops browse from home networks with no filtering of their own.',
    status: 'planned',
    description:
      'A DNS filtering profile in device management, blocking known malicious and newly registered domains on every laptop.',
    targetIn: 75,
  },
  {
    ref: '8.24',
    owner: 'platform',
    reasons: ['contractual', 'legal_regulatory'],
    note: 'Contracts and UK GDPR article 32 expect encryption in transit and at rest.',
    status: 'implemented',
    description:
      'TLS 1.2 or later for all traffic; databases, backups and storage encrypted with keys managed in the London region; full-disk encryption on laptops; a cryptography standard lists the approved algorithms.',
  },
  {
    ref: '8.25',
    owner: 'engineer',
    reasons: ['business_need'],
    note: 'Security is cheaper designed in than patched on.',
    status: 'implemented',
    description:
      'Threat modelling for new features, review by a second engineer, automated tests and security scans in the pipeline, and a release checklist.',
  },
  {
    ref: '8.26',
    owner: 'engineer',
    reasons: ['risk_treatment', 'contractual'],
    note: 'Clients’ security schedules set requirements for the platform and its API.',
    status: 'partially_implemented',
    description:
      'Security requirements (authorisation, input handling, logging) are in every story template. The client API’s static keys are being replaced with OAuth client credentials scoped per consultation.',
    risks: ['client-api', 'access-control'],
    targetIn: 90,
  },
  {
    ref: '8.27',
    owner: 'engineer',
    reasons: ['risk_treatment'],
    note: 'Every council shares one platform: isolation has to be built in.',
    status: 'implemented',
    description:
      'Architecture principles: deny by default, the client id in every query and cache key, no secrets in code. Row-level security in the database is planned as a second barrier between clients.',
    risks: ['cross-tenant'],
  },
  {
    ref: '8.28',
    owner: 'engineer',
    reasons: ['risk_treatment'],
    note: 'Most of our findings have been coding mistakes.',
    status: 'implemented',
    description:
      'A coding standard based on OWASP ASVS level 2; linters and static analysis in the pipeline block known-dangerous patterns; reviewers use a security checklist.',
    risks: ['dependency', 'access-control'],
  },
  {
    ref: '8.29',
    owner: 'engineer',
    reasons: ['risk_treatment', 'contractual'],
    note: 'We must prove that the platform does what its security requirements say.',
    status: 'partially_implemented',
    description:
      'Static analysis and dependency scans on every change, a yearly external penetration test and retests after fixes. Authorisation tests for every API endpoint are being written.',
    risks: ['access-control'],
    targetIn: 21,
  },
  {
    ref: '8.30',
    owner: 'engineer',
    excluded:
      'All development is done by our own engineering team: no code, infrastructure or integration is commissioned from another company. Open-source components are managed under A.5.21 and A.8.8. The exclusion is reviewed each year and ends as soon as we commission any development.',
  },
  {
    ref: '8.31',
    owner: 'engineer',
    reasons: ['business_need'],
    note: 'Developers must not be able to reach citizens’ data by mistake.',
    status: 'implemented',
    description:
      'Development, staging and production are separate cloud accounts with separate credentials; engineers have no standing access to production data.',
  },
  {
    ref: '8.32',
    owner: 'engineer',
    reasons: ['business_need'],
    note: 'Most outages start with a change.',
    status: 'implemented',
    description:
      'Changes go through pull requests with review and automated tests; only the pipeline deploys, announced in the #releases channel; emergency changes are reviewed the next working day.',
  },
  {
    ref: '8.33',
    owner: 'engineer',
    reasons: ['legal_regulatory'],
    note: 'UK GDPR: citizens’ responses may not be reused for testing.',
    status: 'implemented',
    description:
      'No production data in development or staging: tests use synthetic consultations from a seeding tool. The copy made by a restore test stays in the isolated restore account and is deleted the same day.',
  },
  {
    ref: '8.34',
    owner: 'security',
    reasons: ['contractual'],
    note: 'Penetration tests and client audits must not disturb live consultations.',
    status: 'implemented',
    description:
      'Tests run against staging where possible; tests against production are agreed in writing, scheduled away from consultation deadlines and use test accounts only.',
  },
];

// ---------------------------------------------------------------- the company's own controls

export interface DemoCustomControl {
  key: string;
  day: number;
  title: string;
  description: string;
  theme: TControlTheme;
  attributes: TControlAttributes;
  owner: string;
  reasons: readonly TInclusionReason[];
  note: string;
  status: TImplementationStatus;
  implementation: string;
  risks: readonly string[];
  targetIn: number;
}

export const DEMO_CUSTOM_CONTROLS: readonly DemoCustomControl[] = [
  {
    key: 'survey-integrity',
    day: 114,
    title: 'Integrity of surveys and votes',
    description:
      'Responses to surveys, votes and participatory budgets reflect real participants: duplicate and automated responses are slowed, detected and shown to moderators.',
    theme: 'technological',
    attributes: {
      controlTypes: ['preventive', 'detective'],
      properties: ['integrity'],
      concepts: ['protect', 'detect'],
      capabilities: ['application_security'],
      domains: ['protection', 'defence'],
    },
    owner: 'engineer',
    reasons: ['risk_treatment', 'business_need'],
    note: 'A skewed vote is the harm clients fear most; Annex A has no control for it.',
    status: 'partially_implemented',
    implementation:
      'Duplicate responses are detected by cookie and network; a proof-of-work challenge and per-network rate limits for anonymous answers are being added; verified-only surveys are available to clients.',
    risks: ['vote-stuffing'],
    targetIn: 60,
  },
  {
    key: 'ai-review',
    day: 40,
    title: 'Human review of AI-generated consultation summaries',
    description:
      'No AI-generated summary of responses reaches decision makers before a client officer has checked it against the responses it summarises.',
    theme: 'organisational',
    attributes: {
      controlTypes: ['preventive'],
      properties: ['integrity'],
      concepts: ['protect'],
      capabilities: ['application_security', 'governance'],
      domains: ['governance_and_ecosystem', 'protection'],
    },
    owner: 'engineer',
    reasons: ['risk_treatment'],
    note: 'The AI summary feature must not distort what citizens said.',
    status: 'planned',
    implementation:
      'Summaries stay drafts until a client officer approves them; the review screen shows the responses behind each point and flags views held by few participants.',
    risks: ['ai-summaries'],
    targetIn: 20,
  },
];

// ---------------------------------------------------------------- changes after the first decisions

export interface DemoControlChange {
  day: number;
  by: string;
  /** An Annex A key (`A.5.7`) or the key of a custom control. */
  control: string;
  /** What happened, for the step's name. */
  what: string;
  status?: TImplementationStatus;
  description?: string;
  owner?: string;
  /** Days from today; null: none (the control is implemented). */
  targetIn?: number | null;
  /** Risks the control now treats too. */
  linkRisks?: readonly string[];
}

export const DEMO_CONTROL_CHANGES: readonly DemoControlChange[] = [
  {
    day: 101,
    by: 'platform',
    control: 'A.8.20',
    what: 'DDoS protection on',
    status: 'implemented',
    targetIn: null,
    description:
      'A CDN with managed DDoS protection and bot rules in front of the application, with rate rules for the search and submission endpoints and a runbook for raising them; only the load balancer reaches the web servers; TLS 1.2 or later everywhere.',
  },
  {
    day: 103,
    by: 'engineer',
    control: 'A.8.3',
    what: 'central authorisation deployed',
    status: 'implemented',
    targetIn: null,
    description:
      'One middleware decides every read of a submission, by consultation and client: endpoints can no longer skip it. Agents search only their assigned tickets unless a second agent approves. Authorisation tests for every endpoint are being written (A.8.29).',
  },
  // after the first published version
  {
    day: 91,
    by: 'platform',
    control: 'A.8.1',
    what: 'every laptop managed',
    status: 'implemented',
    targetIn: null,
    description:
      'All 22 laptops are enrolled in device management: full-disk encryption, screen lock after 5 minutes, automatic updates, endpoint protection and remote wipe. The last two unmanaged laptops were replaced and their disks destroyed.',
  },
  {
    day: 82,
    by: 'engineer',
    control: 'survey-integrity',
    what: 'rate limits live',
    description:
      'Duplicate responses are detected by cookie and network; anonymous answers need a proof-of-work challenge and are rate limited per network; verified-only surveys are available to clients. Alerts to moderators on sudden bursts of responses are next.',
  },
  {
    day: 64,
    by: 'dpo',
    control: 'A.5.20',
    what: 'breach notice tightened',
    description:
      'A data processing agreement with every processor: security measures, audit rights, approval of sub-processors and breach notice within 24 hours (the email delivery provider’s agreement was amended to match). Our solicitor reviewed the hosting provider’s standard terms.',
  },
  {
    day: 50,
    by: 'security',
    control: 'A.5.7',
    what: 'threat intelligence in place',
    status: 'implemented',
    owner: 'platform',
    targetIn: null,
    description:
      'A weekly digest of NCSC Early Warning alerts, the hosting provider’s security bulletins and advisories on our production dependencies, triaged by the platform engineer at Monday’s stand-up; what matters becomes a ticket or a risk.',
  },
  {
    day: 45,
    by: 'dpo',
    control: 'A.5.34',
    what: 'subject access requests',
    linkRisks: ['subject-requests'],
  },
  {
    day: 43,
    by: 'platform',
    control: 'A.5.23',
    what: 'identity provider outage',
    linkRisks: ['idp-outage'],
  },
  {
    day: 43,
    by: 'platform',
    control: 'A.5.30',
    what: 'identity provider outage',
    linkRisks: ['idp-outage'],
  },
  {
    day: 42,
    by: 'dpo',
    control: 'A.5.34',
    what: 'no third-party analytics',
    description:
      'We are processor for our clients and controller for staff and client contacts. Records of processing, DPIAs for new features, a privacy notice template for clients, data subject requests answered with the client within one month, data kept in the UK. No third-party analytics: page counts are self-hosted and cookieless.',
  },
  {
    day: 30,
    by: 'platform',
    control: 'A.8.15',
    what: 'audit logs centralised',
    description:
      'Identity provider and cloud console audit logs are now in one store with 12 months’ retention; application audit logs (every read of a submission, every export) follow, and are kept for 14 days until then.',
  },
  {
    day: 20,
    by: 'platform',
    control: 'A.8.5',
    what: 'security keys delayed',
    targetIn: 30,
    description:
      'Single sign-on with multi-factor authentication for every staff application. Passkeys for support agents are being rolled out; the FIDO2 security keys for administrators arrived late and are being enrolled.',
  },
];

// ---------------------------------------------------------------- evidence

export interface DemoEvidenceFile {
  name: string;
  type: Extract<TEvidenceFileType, 'txt' | 'csv' | 'md'>;
  /** The file's text, given the date it was collected (YYYY-MM-DD). */
  text(collectedOn: string): string;
}

export interface DemoEvidence {
  key: string;
  /** The day it is added to Vigil. */
  day: number;
  by: string;
  title: string;
  description: string;
  /** The day it was collected (days ago). */
  collected: number;
  /** Days after collection it stays valid; none: it does not expire. */
  validForDays?: number;
  /** Annex A keys (`A.5.1`). */
  controls: readonly string[];
  /** Linked to its controls by this person after the upload (the uploader owns none of them). */
  linkedBy?: string;
  url?: string;
  file?: DemoEvidenceFile;
}

const MEDIA_TYPES: Record<DemoEvidenceFile['type'], string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
};
export const mediaTypeOf = (file: DemoEvidenceFile) => MEDIA_TYPES[file.type];

export const DEMO_EVIDENCE: readonly DemoEvidence[] = [
  {
    key: 'policies',
    day: 112,
    by: 'security',
    title: 'Information security policy set, approved by the CTO',
    description:
      'The policy and its topic policies (access control, acceptable use, suppliers, incidents, backup, secure development) on the intranet, with the approval record.',
    collected: 119,
    validForDays: 365,
    controls: ['A.5.1', 'A.5.10'],
    url: 'https://intranet.agora-civic.example/isms/policies',
  },
  {
    key: 'hosting-certificate',
    day: 112,
    by: 'security',
    title: 'Cirrus Cloud Services ISO/IEC 27001 certificate',
    description:
      'The hosting provider’s certificate and statement of applicability from its trust centre, covering the London data centres and the second region.',
    collected: 300,
    // expired 18 days ago: the renewed certificate has not been collected yet
    validForDays: 282,
    controls: ['A.5.22', 'A.5.23', 'A.7.1', 'A.7.4', 'A.7.5', 'A.7.8', 'A.7.11', 'A.7.12', 'A.7.13'],
    url: 'https://trust.cirrus-cloud.example/certifications/iso-iec-27001',
  },
  {
    key: 'pentest-report',
    day: 112,
    by: 'security',
    title: 'Penetration test report: web application and API',
    description:
      'Five-day external test by a CREST-accredited firm: one high finding (fixed and retested), three medium, five low.',
    collected: 198,
    validForDays: 365,
    controls: ['A.8.8', 'A.8.29'],
    url: 'https://docs.agora-civic.example/security/pentest-web-api-report',
  },
  {
    key: 'retention-schedule',
    day: 112,
    by: 'dpo',
    title: 'Data retention schedule',
    description: 'Every kind of record with its retention period, legal basis and owner.',
    collected: 125,
    controls: ['A.5.33', 'A.8.10'],
    url: 'https://intranet.agora-civic.example/privacy/retention-schedule',
  },
  {
    key: 'continuity-plan',
    day: 112,
    by: 'platform',
    title: 'Business continuity and disaster recovery plan',
    description:
      'Recovery objectives, roles, the failover runbook to the second region and client communication templates.',
    collected: 282,
    validForDays: 365,
    controls: ['A.5.29', 'A.5.30'],
    url: 'https://intranet.agora-civic.example/engineering/continuity-plan',
  },
  {
    key: 'training-completion',
    day: 112,
    by: 'security',
    title: 'Security awareness training completion, last year',
    description:
      'Completion and quiz scores of the yearly course by team, exported from the learning platform.',
    collected: 375,
    validForDays: 365,
    controls: ['A.6.3'],
    file: {
      name: 'security-awareness-training-completion.csv',
      type: 'csv',
      text: (on) =>
        [
          'team,staff,completed,completion rate,average quiz score,exported on',
          `Leadership,2,2,100%,91,${on}`,
          `Engineering,8,8,100%,88,${on}`,
          `Citizen support,7,6,86%,84,${on}`,
          `Legal and governance,3,3,100%,93,${on}`,
          `Client success,2,2,100%,86,${on}`,
          '',
        ].join('\n'),
    },
  },
  {
    key: 'restore-log',
    day: 104,
    by: 'platform',
    title: 'Backup restore test log: restore into the isolated account failed',
    description: 'Timeline of the first monthly restore test, kept by the platform engineer.',
    collected: 104,
    controls: ['A.8.13'],
    file: {
      name: 'restore-test.txt',
      type: 'txt',
      text: (on) =>
        [
          `Backup restore test, ${on}`,
          'Performed by: Mei Lin',
          'Backup: nightly snapshot of the production database, taken at 02:00 UTC',
          '',
          '09:05 Restore of the snapshot started in the isolated restore account',
          '09:07 Failed: the restore role may not use the backup encryption key',
          '09:40 Cause: the isolated account is missing from the key policy',
          '10:10 Weekly copy at the second provider downloaded and decrypted: checksum matches',
          '10:20 Stopped: no database restore could be completed today',
          '',
          'Result: not effective. The restore the recovery plan relies on does not work.',
          'Follow-up: add the isolated account to the key policy, then repeat the test.',
          '',
        ].join('\n'),
    },
  },
  {
    key: 'phishing-results',
    day: 95,
    by: 'security',
    title: 'Phishing simulation results',
    description: 'Summary of the quarterly simulation and the training that followed it.',
    collected: 95,
    controls: ['A.6.3'],
    file: {
      name: 'phishing-simulation.md',
      type: 'md',
      text: (on) =>
        [
          `# Phishing simulation, ${on}`,
          '',
          '- Sent to: all 22 staff, 6 of them citizen support agents',
          '- Lure: a council officer asking for an urgent export of consultation responses',
          '- Opened: 15 (68%)',
          '- Clicked: 1 (4%), no credentials entered',
          '- Reported in #security: 14 (64%), the first after 6 minutes',
          '',
          'Since the last simulation: clicks down from 14% to 4%, reports up from 41% to 64%.',
          'Training: a 20-minute session for the support team on lookalike council domains.',
          '',
        ].join('\n'),
    },
  },
  {
    key: 'access-review',
    day: 88,
    by: 'platform',
    title: 'Quarterly access review export',
    description: 'Privileged and support accounts with the system owner’s decision on each.',
    collected: 88,
    controls: ['A.5.18', 'A.8.2'],
    file: {
      name: 'access-review.csv',
      type: 'csv',
      text: (on) =>
        [
          'system,account,access,decision,reviewed by,reviewed on',
          `Cloud console,jonas.berg,Administrator,keep,Mei Lin,${on}`,
          `Cloud console,mei.lin,Administrator,keep,Tomás Reyes,${on}`,
          `Cloud console,ravi.patel,Administrator,keep,Mei Lin,${on}`,
          `Cloud console,ci-deployer,Deployment role,keep (pipeline only),Mei Lin,${on}`,
          `Cloud console,emergency-1,Owner (sealed),keep,Priya Raman,${on}`,
          `Cloud console,emergency-2,Owner (sealed),keep,Priya Raman,${on}`,
          `Identity provider,mei.lin,Super administrator,keep,Tomás Reyes,${on}`,
          `Identity provider,jonas.berg,Super administrator,reduce to helpdesk administrator,Tomás Reyes,${on}`,
          `Source code repository,jonas.berg,Owner,keep,Tomás Reyes,${on}`,
          `Source code repository,mei.lin,Maintainer,keep,Jonas Berg,${on}`,
          `Production database,report-reader,Read only,remove (unused for 90 days),Mei Lin,${on}`,
          `Support desk,amara.okafor,Administrator,keep,Priya Raman,${on}`,
          `Support desk,6 agents,Agent,keep,Amara Okafor,${on}`,
          '',
        ].join('\n'),
    },
  },
  {
    key: 'email-dpa',
    day: 64,
    by: 'dpo',
    title: 'Processing agreement with the email delivery provider, amended',
    description:
      'Signed amendment: breach notice within 24 hours, sub-processors listed, data kept for 30 days.',
    collected: 64,
    controls: ['A.5.20', 'A.5.22'],
    url: 'https://contracts.agora-civic.example/suppliers/email-delivery/processing-agreement',
  },
  {
    key: 'log-review',
    day: 10,
    by: 'support',
    title: 'Support access log review',
    description: 'The head of support’s monthly review of agents’ lookups and exports.',
    collected: 10,
    controls: ['A.8.15', 'A.8.16'],
    linkedBy: 'security',
    file: {
      name: 'support-access-log-review.md',
      type: 'md',
      text: (on) =>
        [
          `# Support access log review, ${on}`,
          '',
          'Period: the previous calendar month. Reviewed by Amara Okafor.',
          '',
          '- Lookups of submissions by agents: 1,284, all within assigned tickets but 3',
          '- The 3 lookups outside assigned tickets: approved by a second agent, as designed',
          '- Approvals without a reason recorded: 2 (agents reminded that a reason is required)',
          '- Exports by agents: none (exports are for client staff only)',
          '',
          'Result: partly effective. Approvals work, but their reasons are not always recorded.',
          '',
        ].join('\n'),
    },
  },
];

// ---------------------------------------------------------------- control checks

export interface DemoCheckRun {
  /** The day it was carried out (days ago); before `CHECKS_DAY`, transcribed from the old check log. */
  day: number;
  result: TCheckResult;
  notes: string;
  evidence?: readonly string[];
}

export interface DemoCheck {
  key: string;
  /** An Annex A key. */
  control: string;
  title: string;
  method: TCheckMethod;
  procedure: string;
  frequency: TCheckFrequency;
  assignee: string;
  /** The first due date (days ago) of a check without earlier runs; otherwise the day it is set up. */
  firstDue?: number;
  /** Oldest first. */
  runs: readonly DemoCheckRun[];
}

export const DEMO_CHECKS: readonly DemoCheck[] = [
  {
    key: 'access-review',
    control: 'A.5.18',
    title: 'Quarterly access review',
    method: 'inspect',
    procedure:
      'Export the members of every privileged group in the cloud console, identity provider, repository, support desk and production database. The system owner keeps or removes each account; remove the rest the same day and attach the export with the decisions.',
    frequency: 'quarterly',
    assignee: 'platform',
    runs: [
      {
        day: 355,
        result: 'effective',
        notes: 'Carried over from the check log kept before Vigil. All accounts confirmed by their owners.',
      },
      {
        day: 264,
        result: 'partly_effective',
        notes:
          'Two leavers still had support desk accounts, three and six weeks after leaving: removed the same day. The leaver checklist now includes the support desk.',
      },
      {
        day: 173,
        result: 'effective',
        notes: 'No leftover accounts. One engineer’s production access reduced after a change of role.',
      },
      {
        day: 88,
        result: 'effective',
        notes:
          'Privileged and support accounts reviewed: one unused database reader removed, one engineer’s identity provider rights reduced.',
        evidence: ['access-review'],
      },
    ],
  },
  {
    key: 'restore-test',
    control: 'A.8.13',
    title: 'Monthly backup restore test',
    method: 'test',
    procedure:
      'Restore last night’s database snapshot into the isolated restore account; compare row counts with production at the time of the snapshot, check a sample of 40 responses, time the restore against the 4-hour objective, then delete the copy.',
    frequency: 'monthly',
    assignee: 'platform',
    firstDue: 104,
    runs: [
      {
        day: 104,
        result: 'not_effective',
        notes:
          'The restore failed within two minutes: the restore role may not use the backup encryption key. The weekly copy at the second provider decrypts, but no database could be restored. Key policy change requested from the hosting provider.',
        evidence: ['restore-log'],
      },
      {
        day: 73,
        result: 'partly_effective',
        notes:
          'The restore worked after the key policy change: row counts match and all 40 sampled responses are identical. It took 6 h 10 min against the 4-hour objective; the next test waits for a larger database tier in the isolated account.',
      },
    ],
  },
  {
    key: 'pentest',
    control: 'A.8.8',
    title: 'Yearly external penetration test',
    method: 'test',
    procedure:
      'An accredited firm tests the web application, the client API and the administration pages for five days; critical and high findings are fixed and retested before the report is closed.',
    frequency: 'yearly',
    assignee: 'security',
    runs: [
      {
        day: 205,
        result: 'partly_effective',
        notes:
          'Carried over from the check log kept before Vigil. One high finding: the moderation export endpoint trusted the submission id (fixed in 9 days, retest passed). Three medium findings planned; dependency updates were six weeks behind.',
        evidence: ['pentest-report'],
      },
    ],
  },
  {
    key: 'phishing',
    control: 'A.6.3',
    title: 'Quarterly phishing simulation',
    method: 'test',
    procedure:
      'Send every member of staff a simulated phishing email built on a lure the support team has seen. Effective: fewer than 5% click and more than half report it. Hold a short session for whoever clicked.',
    frequency: 'quarterly',
    assignee: 'security',
    runs: [
      {
        day: 350,
        result: 'partly_effective',
        notes: 'Carried over from the check log kept before Vigil. 21% clicked, 30% reported.',
      },
      {
        day: 260,
        result: 'partly_effective',
        notes: '17% clicked a fake parcel notice; 35% reported it.',
      },
      {
        day: 172,
        result: 'partly_effective',
        notes:
          '14% of support agents clicked a fake council request for an export; 41% of staff reported it.',
      },
      {
        day: 95,
        result: 'effective',
        notes: '4% clicked, 64% reported. Training on lookalike council domains held for the support team.',
        evidence: ['phishing-results'],
      },
      {
        day: 8,
        result: 'partly_effective',
        notes:
          'A lookalike council domain registered the week before fooled 2 of 22 (9%); 59% reported it. The domain is now blocked and the example added to the training.',
      },
    ],
  },
  {
    key: 'log-review',
    control: 'A.8.16',
    title: 'Monthly review of support access logs',
    method: 'inspect',
    procedure:
      'Review the previous month’s lookups and exports by agents: lookups outside assigned tickets, approvals without a reason, unusual volumes. Record what was found and follow up with the agent.',
    frequency: 'monthly',
    assignee: 'support',
    firstDue: 70,
    runs: [
      {
        day: 70,
        result: 'effective',
        notes: 'First review: no lookup outside assigned tickets without an approval.',
      },
      {
        day: 40,
        result: 'effective',
        notes: 'Two approved lookups during a handover between agents; both had a reason.',
      },
      {
        day: 10,
        result: 'partly_effective',
        notes:
          'Three lookups outside assigned tickets, approved as designed, but two approvals had no reason recorded. Agents reminded; the desk will require a reason.',
        evidence: ['log-review'],
      },
    ],
  },
  {
    key: 'supplier-review',
    control: 'A.5.22',
    title: 'Half-yearly supplier security review',
    method: 'inspect',
    procedure:
      'For each critical supplier (hosting, identity provider, email delivery, support desk): certificate validity, incidents reported, changes of sub-processors or data location, service levels met. Save what was checked.',
    frequency: 'half_yearly',
    assignee: 'dpo',
    runs: [
      {
        day: 300,
        result: 'effective',
        notes:
          'Carried over from the check log kept before Vigil. All four certificates valid; no incidents reported to us.',
        evidence: ['hosting-certificate'],
      },
      {
        day: 120,
        result: 'partly_effective',
        notes:
          'Critical suppliers fine. The analytics provider still sends data to the United States without a transfer risk assessment (see the analytics risk).',
      },
      {
        day: 64,
        result: 'effective',
        notes:
          'The email delivery provider’s certificate is valid and its processing agreement now has a 24-hour breach notice. Hosting, identity provider and support desk unchanged.',
        evidence: ['email-dpa'],
      },
    ],
  },
  {
    key: 'continuity-exercise',
    control: 'A.5.30',
    title: 'Yearly business continuity exercise',
    method: 'test',
    procedure:
      'A scenario run with engineering, support and the CTO (a region outage during a statutory consultation): follow the plan, time each step, list what failed, update the plan.',
    frequency: 'yearly',
    assignee: 'platform',
    runs: [
      {
        day: 280,
        result: 'partly_effective',
        notes:
          'Carried over from the check log kept before Vigil. Tabletop exercise. Roles and client messages worked; the failover was talked through but not rehearsed, and DNS records with a one-day lifetime would have kept citizens away for hours.',
        evidence: ['continuity-plan'],
      },
    ],
  },
  {
    key: 'policy-review',
    control: 'A.5.1',
    title: 'Yearly review of the information security policies',
    method: 'inspect',
    procedure:
      'Review every policy against changes in the business, the law, client contracts and incidents; have changes approved by the CTO; ask staff to acknowledge the new versions.',
    frequency: 'yearly',
    assignee: 'security',
    runs: [
      {
        day: 350,
        result: 'partly_effective',
        notes:
          'Carried over from the check log kept before Vigil. The policy had not been reviewed for two years; no topic policies for suppliers or secure development.',
      },
      {
        day: 119,
        result: 'effective',
        notes: 'Policy set rewritten for the ISO/IEC 27001 project and approved by the CTO.',
        evidence: ['policies'],
      },
    ],
  },
];

// ---------------------------------------------------------------- published versions

export const DEMO_SOA_VERSIONS = [
  {
    day: 100,
    by: 'cto',
    note: 'First Statement of Applicability of the ISO/IEC 27001 project, reviewed with the Information Security Manager: every Annex A control decided, the data centres’ physical controls inherited from Cirrus Cloud Services, and every gap with an owner and a target date.',
    acknowledgeWarnings: false,
  },
  {
    day: 12,
    by: 'security',
    note: 'Quarterly update before the internal audit: the human review of AI summaries added, threat intelligence in place, the new identity provider and subject access risks linked. Acknowledged: the risk that client data is not returned or deleted when a contract ends was identified last month and its treatment is still being designed; its controls will be linked then.',
    acknowledgeWarnings: true,
  },
] as const;
