import { Button, Menu } from '@mantine/core';
import {
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconFileTypeCsv,
  IconFileTypePdf,
} from '@tabler/icons-react';
import { Fragment } from 'react';

const FORMAT_ICONS = { csv: IconFileTypeCsv, xlsx: IconFileSpreadsheet, pdf: IconFileTypePdf } as const;

export interface DownloadLink {
  label: string;
  href: string;
  /** Picks the icon. */
  format: keyof typeof FORMAT_ICONS;
}

export interface DownloadGroup {
  /** What the links below download, e.g. "The register under the current filters". */
  label: string;
  links: readonly DownloadLink[];
}

/**
 * An "Export" button opening groups of download links. Plain links: the browser sends the session
 * cookie and saves the file itself.
 */
export function DownloadMenu({ label, groups }: { label: string; groups: readonly DownloadGroup[] }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {groups.map((group, index) => (
          <Fragment key={group.label}>
            {index > 0 && <Menu.Divider />}
            <Menu.Label>{group.label}</Menu.Label>
            {group.links.map((link) => {
              const FormatIcon = FORMAT_ICONS[link.format];
              return (
                <Menu.Item
                  key={link.href}
                  component="a"
                  href={link.href}
                  download
                  leftSection={<FormatIcon size={16} aria-hidden />}
                >
                  {link.label}
                </Menu.Item>
              );
            })}
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
