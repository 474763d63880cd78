import { describe, expect, it } from 'vitest';
import { routeFor } from './routes';

describe('routeFor', () => {
  it.each([
    ['/', '/'],
    ['/customers', '/customers'],
    ['/customers/019c0000', '/customers/:id'],
    // The first match wins, as in the app's Switch: a new event is not an event called "new".
    ['/events/new', '/events/new'],
    ['/events/abc', '/events/:id'],
    ['/events/abc/tickets/print', '/events/:id/tickets/print'],
    ['/settings/crm', '/settings/crm'],
  ])('%s is the %s screen', (path, pattern) => {
    expect(routeFor(path)?.path).toBe(pattern);
  });

  it('knows no screen at an unknown or half address', () => {
    expect(routeFor('/nowhere')).toBeUndefined();
    expect(routeFor('/customers/')).toBeUndefined();
    expect(routeFor('/events/abc/tickets')).toBeUndefined();
  });
});
