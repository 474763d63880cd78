import type { FastifyInstance } from 'fastify';
import {
  PreviewIntelligenceBodySchema,
  PutIntelligenceConfigBodySchema,
  type IntelligenceConfigResponse,
  type IntelligencePreviewResponse,
  type InvalidConfigBody,
  type StaleConfigBody,
} from '../../shared/api';
import { parseConfig, type IntelligenceConfig } from '../../shared/intelligence';
import type { PoolDeps } from '../deps';
import { loadConfig, saveConfig, type ConfigRevision } from '../services/intelligence-config';
import { previewConfigs } from '../services/intelligence-preview';
import { markAllDue } from '../services/scoring';
import { parseApi, requireEventManager } from './events';

const asResponse = (revision: ConfigRevision): IntelligenceConfigResponse => ({
  revision: revision.revision,
  config: revision.config,
  savedBy: revision.savedBy,
  savedAt: revision.savedAt,
});

/** The config checked by the shared schema; a 400 lists every wrong path, not only the first. */
function invalidConfig(
  input: unknown,
): { config: IntelligenceConfig } | { body: InvalidConfigBody } {
  const parsed = parseConfig(input);
  if (parsed.ok) return { config: parsed.config };
  const issues =
    parsed.error.code === 'invalid_config'
      ? parsed.error.issues
      : [{ path: '', message: parsed.error.message }];
  return {
    body: {
      error: {
        code: 'invalid_config',
        message: `invalid config: ${issues
          .slice(0, 10)
          .map((issue) => `${issue.path || '(config)'}: ${issue.message}`)
          .join('; ')}`,
        issues,
      },
    },
  };
}

/**
 * Grading, scoring, the MQL rule and routing (DESIGN.md "Lead intelligence"): marketing and admins
 * read, preview and save them; saving makes every customer due, and the decay pass rescores them.
 */
export function registerIntelligenceRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock } = deps;

  api.get('/intelligence/config', async (request) => {
    await requireEventManager(deps, request);
    return asResponse(await loadConfig(db));
  });

  api.put('/intelligence/config', async (request, reply) => {
    const user = await requireEventManager(deps, request);
    const body = parseApi(PutIntelligenceConfigBodySchema, request.body);
    const checked = invalidConfig(body.config);
    if ('body' in checked) return reply.status(400).send(checked.body);
    const now = clock();
    const result = await db.transaction(async (tx) => {
      const saved = await saveConfig(tx, checked.config, body.baseRevision, user.userId, now);
      // Same transaction: a saved config and "everyone is due" commit together, then NOTIFY
      // wakes the decay pass of every pool process.
      if (saved.ok) await markAllDue(tx);
      return saved;
    });
    if (!result.ok) {
      const stale: StaleConfigBody = {
        error: {
          code: 'stale_revision',
          message: `revision ${result.current.revision} was saved since revision ${body.baseRevision}: reload and apply your change again`,
        },
        current: asResponse(result.current),
      };
      return reply.status(409).send(stale);
    }
    return asResponse(result.revision);
  });

  api.post('/intelligence/preview', async (request, reply) => {
    await requireEventManager(deps, request);
    const body = parseApi(PreviewIntelligenceBodySchema, request.body);
    const checked = invalidConfig(body.config);
    if ('body' in checked) return reply.status(400).send(checked.body);
    const now = clock();
    // Reads only, and no long transaction: on PGlite one would hold up every push for as long
    // as the preview runs. Both configs are applied to the same batch as it is read, so the two
    // sets of counts are always over the same customers.
    const current = await loadConfig(db);
    const [draft, inForce] = await previewConfigs(db, [checked.config, current.config], now);
    const response: IntelligencePreviewResponse = {
      draft: draft!,
      current: { ...inForce!, revision: current.revision },
    };
    return response;
  });
}
