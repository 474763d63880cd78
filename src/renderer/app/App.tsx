import { useEffect } from 'react';
import { navigate, useHashRoute } from '../hooks/use-hash-route';
import { StaffConsole } from '../console/StaffConsole';
import { Kiosk } from '../kiosk/Kiosk';
import { isKioskLocked } from '../kiosk/kiosk-lock';

export function App() {
  const route = useHashRoute();
  const locked = isKioskLocked();

  // A locked kiosk stays a kiosk: typing another route in the address bar leads back to it.
  useEffect(() => {
    if (locked && route.name !== 'kiosk') navigate('/kiosk');
  }, [locked, route.name]);

  useEffect(() => {
    performance.mark('leadpond:interactive');
    document.documentElement.dataset.ready = 'true';
  }, []);

  if (locked || route.name === 'kiosk') return <Kiosk />;
  return <StaffConsole />;
}
