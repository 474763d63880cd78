import type { DisplayInfo, Platform, SaveFileRequest, SaveFileResult } from './index-types';

/** Web mode: files go through the browser's download, the kiosk runs in the same window. */
export const webPlatform: Platform = {
  kind: 'web',
  async saveFile({ suggestedName, mime, bytes }: SaveFileRequest): Promise<SaveFileResult> {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
    try {
      const link = document.createElement('a');
      link.href = url;
      link.download = suggestedName;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    } finally {
      // Let the download start before the URL goes away.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    return { saved: true, location: suggestedName };
  },
  async listDisplays(): Promise<DisplayInfo[]> {
    return [{ id: 0, label: 'screen', primary: true, width: screen.width, height: screen.height }];
  },
  async openKiosk(): Promise<boolean> {
    return false;
  },
  async closeKiosk(): Promise<boolean> {
    return false;
  },
  async writeBackup(): Promise<void> {
    // The browser's own storage is the only place web mode can keep data.
  },
};
