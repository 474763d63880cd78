import type { TFunction } from 'i18next';
import type { UnawardedPrize } from '../../shared/draws';

/** "三等奖 × 1、纪念品 × 2" / "Mug × 1 and Pen × 2": the prizes nobody (enough) received. */
export function unawardedText(prizes: readonly UnawardedPrize[], t: TFunction, language: string) {
  const lines = prizes.map((prize) =>
    t('draw.unawardedLine', { name: prize.name, count: prize.quantity - prize.awarded }),
  );
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(lines);
}
