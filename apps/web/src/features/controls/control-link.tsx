import { Anchor, type AnchorProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a control's page (`/controls/$controlId`), styled as Mantine's anchor. */
export function ControlLink({
  controlId,
  children,
  ...props
}: AnchorProps & { controlId: string; children: ReactNode }) {
  return (
    <Anchor
      {...props}
      renderRoot={(rootProps) => <Link {...rootProps} to="/controls/$controlId" params={{ controlId }} />}
    >
      {children}
    </Anchor>
  );
}
