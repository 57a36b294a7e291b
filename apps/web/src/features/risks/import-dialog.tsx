import { Alert, Anchor, Button, FileInput, Group, List, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileUpload } from '@tabler/icons-react';
import { type TRiskImportReport, ZRiskImportReport } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { importTemplateHref, useImportRisks } from './risks.queries.ts';

/** The created risks listed by key after an import; the rest are counted. */
const KEYS_SHOWN = 100;

/** Text that keeps 4.5:1 on Mantine's light alert backgrounds in light and dark. */
const alertText = (colour: 'red' | 'green') =>
  `light-dark(var(--mantine-color-${colour}-9), var(--mantine-color-${colour}-4))`;

/** The validation report of a refused file: 422 `import_invalid` carries it as the problem's `report`. */
function refusedReport(error: unknown): TRiskImportReport | null {
  if (!isApiError(error) || error.code !== 'import_invalid') return null;
  const parsed = ZRiskImportReport.safeParse(error.extensions.report);
  return parsed.success ? parsed.data : null;
}

/**
 * Imports risks from a CSV or XLSX file in two steps: "Check file" validates it on the server without
 * importing (any problem is listed by row and column, and nothing is imported), then "Import" imports
 * the checked file and lists the risks it created.
 */
export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} size="xl" title={t('risks.import.title')}>
      {/* The modal unmounts its content when closed: every opening starts afresh. */}
      <ImportForm onClose={onClose} />
    </AppModal>
  );
}

function ImportForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const check = useImportRisks();
  const run = useImportRisks();

  const choose = (next: File | null) => {
    setFile(next);
    check.reset();
    run.reset();
  };
  const submitCheck = (event: FormEvent) => {
    event.preventDefault();
    if (file) check.mutate({ file, dryRun: true });
  };

  if (run.data) return <Imported report={run.data} onClose={onClose} />;

  const checked = check.data;
  // A refused file comes as 422 `import_invalid`; a dry run may also answer with an invalid report.
  const problems =
    refusedReport(run.error) ?? refusedReport(check.error) ?? (checked?.valid === false ? checked : null);
  const otherError = problems ? null : (run.error ?? check.error);
  const ready = checked?.valid === true && checked.rowCount > 0 && !problems;

  return (
    <Stack gap="md">
      <Text size="sm">{t('risks.import.lead')}</Text>
      <Group gap="xs">
        <Text size="sm">{t('risks.import.template')}</Text>
        <Anchor href={importTemplateHref('csv')} download size="sm">
          {t('risks.import.templateCsv')}
        </Anchor>
        <Anchor href={importTemplateHref('xlsx')} download size="sm">
          {t('risks.import.templateXlsx')}
        </Anchor>
      </Group>
      <form onSubmit={submitCheck} noValidate>
        <Stack gap="md">
          <FileInput
            label={t('risks.import.file')}
            description={t('risks.import.fileHint')}
            placeholder={t('risks.import.pick')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            leftSection={<IconFileUpload size={16} aria-hidden />}
            clearable
            clearButtonProps={{ 'aria-label': t('risks.import.clearFile') }}
            value={file}
            onChange={choose}
          />
          {problems && <ProblemReport report={problems} />}
          {checked?.valid && !problems && <Ready report={checked} />}
          <FormError error={otherError} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button
              type="submit"
              variant={ready ? 'default' : 'filled'}
              disabled={!file || run.isPending}
              loading={check.isPending}
            >
              {t('risks.import.check')}
            </Button>
            {ready && file && (
              <Button loading={run.isPending} onClick={() => run.mutate({ file, dryRun: false })}>
                {t('risks.import.submit')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Ready({ report }: { report: TRiskImportReport }) {
  const { t } = useTranslation();
  if (report.rowCount === 0) {
    return (
      <Alert variant="light" color="yellow" role="status" icon={<IconAlertTriangle size={20} aria-hidden />}>
        {t('risks.import.emptyFile')}
      </Alert>
    );
  }
  return (
    <Alert
      variant="light"
      color="green"
      role="status"
      title={t('risks.import.ready', { count: report.rowCount })}
      styles={{ label: { color: alertText('green') } }}
      icon={<IconCircleCheck size={20} aria-hidden />}
    >
      {t('risks.import.readyHint')}
    </Alert>
  );
}

function ProblemReport({ report }: { report: TRiskImportReport }) {
  const { t } = useTranslation();
  return (
    <Alert
      variant="light"
      color="red"
      role="alert"
      title={t('risks.import.problems', { count: report.problemCount })}
      styles={{ label: { color: alertText('red') } }}
      icon={<IconAlertTriangle size={20} aria-hidden />}
    >
      <Stack gap="sm">
        <Text size="sm">
          {report.problems.length < report.problemCount
            ? t('risks.import.problemsShown', { shown: report.problems.length })
            : t('risks.import.problemsFix')}
        </Text>
        <ScrollArea.Autosize mah={320} type="auto">
          <Table verticalSpacing={4} aria-label={t('risks.import.problemsTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('risks.import.row')}</Table.Th>
                <Table.Th scope="col">{t('risks.import.column')}</Table.Th>
                <Table.Th scope="col">{t('risks.import.problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.problems.map((problem, i) => (
                // Problems have no id; their order in the report is fixed.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <Table.Tr key={i}>
                  <Table.Td>{problem.row === 0 ? t('risks.import.wholeFile') : problem.row}</Table.Td>
                  <Table.Td>{problem.column ?? t('risks.import.wholeRow')}</Table.Td>
                  <Table.Td>{problem.problem}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Stack>
    </Alert>
  );
}

function Imported({ report, onClose }: { report: TRiskImportReport; onClose: () => void }) {
  const { t } = useTranslation();
  const shown = report.risks.slice(0, KEYS_SHOWN);
  return (
    <Stack gap="md">
      <Alert
        variant="light"
        color="green"
        role="status"
        title={t('risks.import.imported', { count: report.imported })}
        styles={{ label: { color: alertText('green') } }}
        icon={<IconCircleCheck size={20} aria-hidden />}
      >
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('risks.import.created')}
          </Text>
          <ScrollArea.Autosize mah={280} type="auto">
            <List size="sm" spacing={2} listStyleType="none">
              {shown.map((risk) => (
                <List.Item key={risk.id}>
                  <RiskLink riskId={risk.id} size="sm">
                    {risk.key}
                  </RiskLink>{' '}
                  {risk.title}
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
          {report.risks.length > shown.length && (
            <Text size="sm">{t('risks.import.andMore', { count: report.risks.length - shown.length })}</Text>
          )}
        </Stack>
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('forms.done')}</Button>
      </Group>
    </Stack>
  );
}
