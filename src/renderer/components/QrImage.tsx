import { useEffect, useState } from 'react';

/** Renders text as a QR code image (the qrcode library loads on first use). */
export function QrImage({ text, size, label }: { text: string; size: number; label: string }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let current = true;
    void import('qrcode')
      .then(({ default: QRCode }) =>
        QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: size }),
      )
      .then((url) => {
        if (current) setSrc(url);
      });
    return () => {
      current = false;
    };
  }, [text, size]);
  return src ? (
    <img className="qr" src={src} width={size} height={size} alt={label} />
  ) : (
    <div className="qr" style={{ width: size, height: size }} />
  );
}
