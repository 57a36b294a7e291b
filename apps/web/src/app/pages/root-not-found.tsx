import { useMeQuery } from '../../features/auth/auth.queries.ts';
import { AppLayout } from '../shell/app-layout.tsx';
import { PublicLayout } from '../shell/public-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { PagePending } from './page-pending.tsx';

/** An address no route knows: inside the app shell for a signed-in user, else on the plain frame. */
export function RootNotFound() {
  const me = useMeQuery();
  if (me.isPending) return <PagePending />;
  if (me.data && !me.data.restriction) {
    return (
      <AppLayout>
        <NotFoundPage />
      </AppLayout>
    );
  }
  return (
    <PublicLayout>
      <NotFoundPage />
    </PublicLayout>
  );
}
