import { Anchor, type AnchorProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a risk's page (`/risks/$riskId`), styled as Mantine's anchor. */
export function RiskLink({
  riskId,
  children,
  ...props
}: AnchorProps & { riskId: string; children: ReactNode }) {
  return (
    <Anchor
      {...props}
      renderRoot={(rootProps) => <Link {...rootProps} to="/risks/$riskId" params={{ riskId }} />}
    >
      {children}
    </Anchor>
  );
}
