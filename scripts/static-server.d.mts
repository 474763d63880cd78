import type { Server } from 'node:http';

export function createStaticServer(
  mounts: Record<string, string>,
  routes?: Record<string, { type: string; body: string }>,
): Server;
