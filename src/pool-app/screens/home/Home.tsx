import { Redirect } from 'wouter';
import { homePathFor } from '../../nav';
import { useUser } from '../../session';

/** `#/`: each role's own first screen. */
export function Home() {
  return <Redirect to={homePathFor(useUser().role)} replace />;
}
