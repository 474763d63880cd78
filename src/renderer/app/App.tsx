import { useEffect } from 'react';
import { LazyPiece, retryableLazy } from '../components/LazyPiece';
import { navigate, useHashRoute } from '../hooks/use-hash-route';
import { StaffConsole } from '../console/StaffConsole';
import { Kiosk } from '../kiosk/Kiosk';
import { isKioskLocked } from '../kiosk/kiosk-lock';

// The check-in desk carries the QR decoder; it loads when first opened, not at start-up.
const checkInView = retryableLazy(() =>
  import('../checkin/CheckInView').then((module) => module.CheckInView),
);
// So does the enrollment screen (it scans the enrollment QR).
const enrollScreen = retryableLazy(() =>
  import('../enroll/EnrollScreen').then((module) => module.EnrollScreen),
);

// The draw big screen (a projector window) loads on its own, not with the console.
const bigScreen = retryableLazy(() =>
  import('../draws/BigScreen').then((module) => module.BigScreen),
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
      <LazyPiece piece={enrollScreen}>
        <enrollScreen.Component />
      </LazyPiece>
    );
  }
  if (route.name === 'draw') {
    return (
      <LazyPiece piece={bigScreen}>
        <bigScreen.Component drawId={route.id} />
      </LazyPiece>
    );
  }
  if (route.name === 'checkin') {
    return (
      <LazyPiece piece={checkInView}>
        <checkInView.Component />
      </LazyPiece>
    );
  }
  return <StaffConsole view={route.name === 'draws' ? 'draws' : 'leads'} />;
}
