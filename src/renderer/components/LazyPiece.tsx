import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A lazily loaded component that can be loaded again after its code failed to arrive. */
export interface RetryableLazy<P extends object> {
  Component: ComponentType<P>;
  reload(): void;
}

/**
 * React.lazy keeps a failed load failed for good; this one starts a new load on `reload()`. A
 * chunk fails when the booth went offline before it was ever fetched (web mode before its
 * service worker has the release, or with none).
 */
export function retryableLazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
): RetryableLazy<P> {
  const make = () => lazy(async () => ({ default: await load() }));
  let Loaded = make();
  function Component(props: P) {
    return <Loaded {...props} />;
  }
  return {
    Component,
    reload() {
      Loaded = make();
    },
  };
}

function LoadFailed({ onRetry }: { onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="card load-failed" role="alert">
      <p>{t('app.pieceFailed')}</p>
      <button type="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

interface LazyPieceProps {
  piece: { reload(): void };
  children: ReactNode;
}

/**
 * Where a lazy piece renders: nothing while it loads; if it cannot load (or throws), a notice with
 * Retry in its place, and the rest of the screen keeps working — never a blank app.
 */
export class LazyPiece extends Component<LazyPieceProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  private readonly retry = () => {
    this.props.piece.reload();
    this.setState({ failed: false });
  };

  override render() {
    if (this.state.failed) return <LoadFailed onRetry={this.retry} />;
    return <Suspense fallback={null}>{this.props.children}</Suspense>;
  }
}
