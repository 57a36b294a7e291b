/** Strings of this feature's pages, under `riskActions.` in en.ts. */
export const riskActionsEn = {
  title: 'Treatment plans',
  lead: 'Every treatment action of the organisation’s open risks, by due date: what is planned, who owns it and what is late.',
  summary: {
    label: 'Treatment actions at a glance',
    open: 'Open actions',
    overdue: 'Overdue',
    dueSoon: 'Due in the next 7 days',
    partial: 'Counted over the first {{count}} actions by due date.',
  },
  filters: {
    label: 'Filter the actions',
    overdue: 'Overdue only',
    status: 'Status',
    owner: 'Owner',
    any: 'Any',
    mine: 'My actions',
    clear: 'Clear filters',
  },
  export: {
    button: 'Export',
    csv: 'CSV file',
    xlsx: 'Excel workbook (XLSX)',
    hint: 'The actions under the current filters',
  },
  table: {
    label: 'Treatment actions',
    risk: 'Risk',
    action: 'Action',
    owner: 'Owner',
    due: 'Due',
    status: 'Status',
  },
  overdue: 'Overdue',
  loading: 'Loading the treatment actions…',
  truncated:
    'Showing the first {{count}} actions by due date. Narrow the filters, or export them, to see every one.',
  empty: {
    title: 'No treatment actions yet',
    description:
      'Actions are planned on a risk’s page, under its treatment: what will be done, by whom and by when. Open a risk in the register to plan the first one.',
    openRegister: 'Open the risk register',
    filteredTitle: 'No actions match these filters',
    filteredDescription: 'Change or clear the filters to see more actions.',
  },
} as const;
