import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../common/ConfirmDialog';

/** Asks before revoking: it signs the user out everywhere and cannot be undone. */
export function RevokeDialog({
  name,
  busy,
  onConfirm,
  onCancel,
}: {
  name: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('users');
  return (
    <ConfirmDialog
      id="revoke"
      title={t('revoke.title', { name })}
      body={t('revoke.body', { name })}
      confirm={t('revoke.confirm')}
      cancel={t('revoke.cancel')}
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
