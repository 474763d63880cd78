export function makeQrVideo(
  dir: string,
  name: string,
  segments: { text: string | null; seconds: number }[],
  options?: { fps?: number },
): Promise<string>;
