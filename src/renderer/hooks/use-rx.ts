import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/** Subscribes to an RxDB observable for as long as the component shows; `deps` rebuild it. */
export function useObservable<T>(make: () => Observable<T>, initial: T, deps: unknown[]): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = make().subscribe(setValue);
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists the inputs of make()
  }, deps);
  return value;
}
