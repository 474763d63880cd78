import { lazy, Suspense, useEffect } from 'react';
import { navigate, useHashRoute } from '../hooks/use-hash-route';
import { StaffConsole } from '../console/StaffConsole';
import { Kiosk } from '../kiosk/Kiosk';
import { isKioskLocked } from '../kiosk/kiosk-lock';

// The check-in desk carries the QR decoder; it loads when first opened, not at start-up.
const CheckInView = lazy(() =>
  import('../checkin/CheckInView').then((module) => ({ default: module.CheckInView })),
);
// So does the enrollment screen (it scans the enrollment QR).
const EnrollScreen = lazy(() =>
  import('../enroll/EnrollScreen').then((module) => ({ default: module.EnrollScreen })),
);

// The draw big screen (a projector window) loads on its own, not with the console.
const BigScreen = lazy(() =>
  import('../draws/BigScreen').then((module) => ({ default: module.BigScreen })),
);

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
  if (route.name === 'enroll') {
    return (
      <Suspense fallback={null}>
        <EnrollScreen />
      </Suspense>
    );
  }
  if (route.name === 'draw') {
    return (
      <Suspense fallback={null}>
        <BigScreen drawId={route.id} />
      </Suspense>
    );
  }
  if (route.name === 'checkin') {
    return (
      <Suspense fallback={null}>
        <CheckInView />
      </Suspense>
    );
  }
  return <StaffConsole view={route.name === 'draws' ? 'draws' : 'leads'} />;
}
