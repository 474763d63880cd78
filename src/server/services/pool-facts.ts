import type { Fact } from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';

/**
 * The facts the pool itself records about a customer (table customer_facts): a sales return, a
 * withdrawn consent, a bounced email. The engine scores them like any interaction, so the
 * scorer adds them to the customer's interactions before assessing.
 */
export interface PoolFact {
  id: string;
  customerId: string;
  type: string;
  occurredAt: number;
  data: Record<string, string | number | boolean>;
  who: string;
}

export async function recordPoolFact(tx: SqlExecutor, fact: PoolFact): Promise<void> {
  await tx.query(
    `insert into customer_facts (id, customer_id, type, occurred_at, data, who)
     values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
    [fact.id, fact.customerId, fact.type, fact.occurredAt, JSON.stringify(fact.data), fact.who],
  );
}

/**
 * Each asked customer's pool facts, including those recorded on customers since merged into it
 * (a merge does not move these rows; the survivor still carries the return).
 */
export async function loadPoolFacts(
  tx: SqlExecutor,
  customerIds: readonly string[],
): Promise<Map<string, Fact[]>> {
  const rows = await tx.query<{
    owner_id: string;
    id: string;
    type: string;
    occurred_at: number;
    data: Record<string, string | number | boolean>;
  }>(
    `select f.customer_id as owner_id, f.id, f.type, f.occurred_at, f.data
       from customer_facts f where f.customer_id = any($1::text[])
     union all
     select m.merged_into, f.id, f.type, f.occurred_at, f.data
       from customers m join customer_facts f on f.customer_id = m.id
      where m.merged_into = any($1::text[])
     order by occurred_at, id`,
    [[...customerIds]],
  );
  const byCustomer = new Map<string, Fact[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) {
    byCustomer.get(row.owner_id)?.push({
      id: row.id,
      type: row.type,
      occurredAt: Number(row.occurred_at),
      data: row.data,
    });
  }
  return byCustomer;
}
