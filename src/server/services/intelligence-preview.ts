import { emptyCounts, type IntelligenceCounts } from '../../shared/api';
import { assessLead, type IntelligenceConfig } from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';
import { loadScoringCustomers } from './scoring-inputs';

/**
 * What several configs would make of every customer now ("412 MQLs instead of 380"), without
 * writing anything: customers are read in id-ordered batches and each batch is assessed with
 * every config, so the data is read once however many configs are compared.
 */
export async function previewConfigs(
  tx: SqlExecutor,
  configs: readonly IntelligenceConfig[],
  now: number,
  batchSize = 1000,
): Promise<IntelligenceCounts[]> {
  const counts = configs.map(() => emptyCounts());
  let after = '';
  for (;;) {
    const page = await tx.query<{ id: string }>(
      `select id from customers where merged_into is null and id > $1 order by id limit $2`,
      [after, batchSize],
    );
    if (page.length === 0) return counts;
    after = page.at(-1)!.id;
    const customers = await loadScoringCustomers(
      tx,
      page.map((row) => row.id),
      [],
      { lock: false },
    );
    for (const customer of customers) {
      configs.forEach((config, i) => {
        const assessment = assessLead(customer.input, config, now);
        const total = counts[i]!;
        total.customers++;
        total.grades[assessment.fit.grade]++;
        total.stages[assessment.stage.stage]++;
        if (assessment.stage.stage === 'MQL') total.mqls++;
        if (assessment.transition) total.promoted++;
      });
    }
    if (page.length < batchSize) return counts;
  }
}
