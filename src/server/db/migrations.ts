import type { SqlDatabase } from './sql';

/**
 * Versioned schema changes, applied in order, each once, inside a transaction. Never edit a
 * migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'replicated documents, devices, users',
    sql: `
      -- Every replicated document of every synced collection. seq is the pull checkpoint:
      -- assigned under the collection's row lock in collection_seqs, so rows commit in seq order
      -- and a pull can never skip one.
      create table documents (
        collection text not null,
        id text not null,
        event_id text not null,
        seq bigint not null,
        data jsonb not null,
        deleted boolean not null default false,
        received_at bigint not null,
        primary key (collection, id)
      );
      create index documents_pull on documents (collection, event_id, seq);
      create table collection_seqs (collection text primary key, last bigint not null);

      create table users (
        id text primary key,
        name text not null,
        role text not null check (role in ('admin', 'marketing', 'sales')),
        token_hash text not null unique,
        created_at bigint not null,
        revoked_at bigint
      );
      create table devices (
        id text primary key,
        event_id text not null,
        name text not null,
        token_hash text not null unique,
        enrolled_at bigint not null,
        revoked_at bigint,
        last_seen_at bigint
      );
      create index devices_event on devices (event_id);
      create table enrollment_codes (
        code_hash text primary key,
        event_id text not null,
        created_by text not null,
        created_at bigint not null,
        expires_at bigint not null,
        used_at bigint,
        device_id text
      );
      -- The pool owns each event's ticket signing key; devices get only the public half.
      create table event_keys (event_id text primary key, private_key text not null);
    `,
  },
  {
    version: 2,
    name: 'customers and identity resolution',
    sql: `
      create table customers (
        id text primary key,
        profile jsonb not null,
        merged_into text,
        created_at bigint not null,
        updated_at bigint not null
      );
      create index customers_updated on customers (updated_at) where merged_into is null;
      -- One row per normalized identity key; unique, so a key belongs to exactly one customer.
      create table identity_keys (
        kind text not null check (kind in ('email', 'phone', 'wechat', 'badge')),
        value text not null,
        customer_id text not null,
        primary key (kind, value)
      );
      create index identity_keys_customer on identity_keys (customer_id);
      create table customer_people (
        person_id text primary key,
        customer_id text not null,
        event_id text not null
      );
      create index customer_people_customer on customer_people (customer_id);
      -- A merge is recorded with what it moved, so an admin can undo it.
      create table customer_merges (
        id text primary key,
        survivor_id text not null,
        merged_id text not null,
        at bigint not null,
        record jsonb not null,
        undone_at bigint
      );
      -- Two people of one event found to be the same person: the later one points at the survivor.
      create table person_redirects (
        from_id text primary key,
        to_id text not null,
        event_id text not null,
        at bigint not null
      );
    `,
  },
  {
    version: 10,
    name: 'person merges and merge blocks',
    sql: `
      -- Two people of one event folded into one: what moved, so an admin can take it back.
      -- customer_merge_id ties a fold to the customer merge that caused it (undone together).
      create table person_merges (
        id text primary key,
        position bigserial,
        customer_merge_id text,
        customer_id text not null,
        event_id text not null,
        survivor_id text not null,
        loser_id text not null,
        at bigint not null,
        record jsonb not null,
        undone_at bigint
      );
      create index person_merges_customer_merge on person_merges (customer_merge_id);
      create index person_redirects_to on person_redirects (to_id);
      create index customer_merges_at on customer_merges (at, id);
      -- An undone merge: these two customers (and whatever they absorb) never merge again.
      create table customer_merge_blocks (
        a text not null,
        b text not null,
        at bigint not null,
        primary key (a, b)
      );
    `,
  },
  {
    version: 20,
    name: 'documents by person',
    sql: `
      -- A customer's interactions and qualifications are found by their people's ids.
      create index documents_person on documents (collection, (data->>'personId'))
    `,
  },
  {
    version: 40,
    name: 'white paper files, download tokens, mail outbox',
    sql: `
      -- White paper bytes, content-addressed: the same file in two events is stored once. The
      -- metadata is the replicated 'assets' document; devices never get these bytes.
      create table asset_files (
        hash text primary key,
        bytes bytea not null,
        size bigint not null,
        mime text not null,
        created_at bigint not null
      );
      create index documents_asset_hash on documents (collection, event_id, (data->>'fileHash'));
      -- Download links: only the SHA-256 of the token is kept. Each ties one content_requested
      -- interaction (request_id) to its asset and person.
      create table download_tokens (
        token_hash text primary key,
        request_id text not null,
        event_id text not null,
        asset_id text not null,
        person_id text not null,
        purpose text not null check (purpose in ('mail', 'link')),
        created_at bigint not null,
        expires_at bigint not null
      );
      create index download_tokens_request on download_tokens (request_id);
      -- Mail to send, state kept here so it survives restarts. dedupe_key makes queueing
      -- idempotent; payload holds the link's token until the mail is delivered, then is cleared.
      create table mail_outbox (
        id text primary key,
        kind text not null,
        dedupe_key text not null unique,
        to_address text not null,
        payload jsonb not null,
        status text not null check (status in ('queued', 'sending', 'sent', 'failed')),
        attempts integer not null default 0,
        next_attempt_at bigint not null,
        claimed_until bigint,
        last_error text,
        created_at bigint not null,
        sent_at bigint
      );
      create index mail_outbox_due on mail_outbox (status, next_attempt_at);
    `,
  },
  {
    version: 50,
    name: 'attendee phone visitors',
    sql: `
      -- A phone's random visitor token (hashed) at an event, and the person it speaks for.
      -- owner: the visitor created the person or proved it with a ticket (may see what is known);
      -- provided: the fields this visitor typed itself (all it may rely on otherwise).
      create table attendee_visitors (
        event_id text not null,
        visitor_hash text not null,
        person_id text not null,
        owner boolean not null,
        provided jsonb not null,
        created_at bigint not null,
        updated_at bigint not null,
        primary key (event_id, visitor_hash)
      );
      -- What each visitor did, once per kind and offer: a second submit is the same fact.
      create table attendee_visitor_facts (
        event_id text not null,
        visitor_hash text not null,
        kind text not null,
        offer_id text not null,
        interaction_id text not null,
        at bigint not null,
        primary key (event_id, visitor_hash, kind, offer_id)
      )
    `,
  },
  {
    version: 60,
    name: 'possible duplicates',
    sql: `
      -- A key match the pool would not merge on its own (DESIGN.md "Trust"): a pair of customers
      -- for marketing to confirm (merge) or reject (block), with the reasons of its score.
      create table possible_duplicates (
        id text primary key,
        -- The customer the pool already had, and the one the arriving record was given.
        existing_id text not null,
        arriving_id text not null,
        person_id text not null,
        event_id text not null,
        key_kind text not null,
        key_value text not null,
        score integer not null,
        reasons jsonb not null,
        status text not null default 'pending'
          check (status in ('pending', 'confirmed', 'rejected')),
        created_at bigint not null,
        decided_at bigint,
        decided_by text,
        merge_id text
      );
      create unique index possible_duplicates_pair
        on possible_duplicates (least(existing_id, arriving_id), greatest(existing_id, arriving_id));
      create index possible_duplicates_queue on possible_duplicates (status, created_at, id);
      create index possible_duplicates_key on possible_duplicates (key_kind, key_value)
    `,
  },
  {
    version: 70,
    name: 'lead intelligence columns, config revisions, stage and owner history',
    sql: `
      -- DESIGN.md "Lead intelligence": what the engine computed for each customer, kept as columns
      -- so lists filter and sort at 100k+ customers without computing on read. explanation holds
      -- the structured lines ({fit: FitLine[], engagement: EngagementLine[]}) the numbers came
      -- from, so a detail shows lines that add up to exactly the stored numbers.
      alter table customers add column grade text not null default 'D'
        check (grade in ('A', 'B', 'C', 'D'));
      alter table customers add column fit_points integer not null default 0;
      alter table customers add column score integer not null default 0;
      alter table customers add column engagement_level smallint not null default 4;
      alter table customers add column stage text not null default 'RL'
        check (stage in ('RL', 'MQL', 'SAL', 'SQL', 'nurture', 'disqualified'));
      alter table customers add column stage_changed_at bigint;
      -- A user id (the sales person the lead is routed to); null while it waits in queue.
      alter table customers add column owner text;
      alter table customers add column queue text;
      alter table customers add column sla_due_at bigint;
      alter table customers add column tags text[] not null default '{}';
      alter table customers add column manual_tags text[] not null default '{}';
      alter table customers add column explanation jsonb not null
        default '{"fit": [], "engagement": []}';
      alter table customers add column scored_at bigint;
      -- The config revision the columns were computed with.
      alter table customers add column scored_revision integer;
      -- When the decay pass should score this customer again; null: nothing of theirs decays.
      -- 0 by default, so customers from before this migration, and any row a writer forgets to
      -- score, are scored by the next pass.
      alter table customers add column rescore_at bigint default 0;
      create index customers_tags on customers using gin (tags);
      create index customers_score on customers (score desc, id desc) where merged_into is null;
      create index customers_grade_stage on customers (grade, stage, score desc)
        where merged_into is null;
      create index customers_owner on customers (owner, stage) where merged_into is null;
      create index customers_province on customers ((profile->>'province'))
        where merged_into is null;
      create index customers_rescore on customers (rescore_at)
        where merged_into is null and rescore_at is not null;
      -- Every saved config, newest revision in force; none saved: DEFAULT_CONFIG (revision 0).
      create table intelligence_configs (
        revision integer primary key,
        config jsonb not null,
        saved_by text not null,
        saved_at bigint not null
      );
      -- Every stage change and assignment: who (a user id, or 'system'), when, from, to, why.
      create table customer_changes (
        id text primary key,
        customer_id text not null,
        kind text not null check (kind in ('stage', 'owner')),
        from_value text,
        to_value text,
        who text not null,
        at bigint not null,
        why text not null
      );
      create index customer_changes_customer on customer_changes (customer_id, at, id);
      -- Round-robin position of each routing rule that assigns to a team.
      create table routing_cursors (rule_id text primary key, next integer not null)
    `,
  },
  {
    version: 72,
    name: 'pool facts of customers, indexes of the customer sorts',
    sql: `
      -- Facts only the pool knows (NEGATIVE_FACT_TYPES of shared/intelligence: sales returned the
      -- lead, consent withdrawn, email bounced). They belong to a customer, not to an event's
      -- person, and no device pulls them, so they are not replicated documents. The scorer reads
      -- them with the customer's interactions (services/pool-facts.ts).
      create table customer_facts (
        id text primary key,
        customer_id text not null,
        type text not null,
        occurred_at bigint not null,
        data jsonb not null default '{}',
        who text not null
      );
      create index customer_facts_customer on customer_facts (customer_id, occurred_at);
      -- The sorts of GET /customers that migration 70 has no index for (services/customers-query
      -- orders by exactly these expressions): without them a first page sorts every customer.
      create index customers_sla_due on customers ((coalesce(sla_due_at, 9999999999999)), id)
        where merged_into is null;
      create index customers_fit on customers (fit_points, id) where merged_into is null
    `,
  },
  {
    version: 80,
    name: 'sign-in: passwords, sessions, invites, set-up link, failed logins',
    sql: `
      -- Users who sign in to the web app have an email and a password; token-only users (the
      -- bootstrap admin, API clients) have neither, and invited users no token.
      alter table users add column email text;
      alter table users add column password_hash text;
      alter table users add column last_sign_in_at bigint;
      alter table users alter column token_hash drop not null;
      create unique index users_email on users (email);
      -- Only the SHA-256 of a session id is kept: a copy of the table signs nobody in.
      create table sessions (
        id_hash text primary key,
        user_id text not null references users (id) on delete cascade,
        created_at bigint not null,
        last_seen_at bigint not null,
        expires_at bigint not null
      );
      create index sessions_user on sessions (user_id);
      create table invites (
        id text primary key,
        token_hash text not null unique,
        email text not null,
        name text not null,
        role text not null check (role in ('admin', 'marketing', 'sales')),
        created_by text not null,
        created_at bigint not null,
        expires_at bigint not null,
        accepted_at bigint
      );
      create table setup_tokens (
        token_hash text primary key,
        created_at bigint not null,
        used_at bigint
      );
      -- Failed sign-ins of the last minutes, per email and per client address: the limiter's
      -- memory, shared by every pool instance.
      create table login_failures (
        id bigserial primary key,
        subject text not null,
        at bigint not null
      );
      create index login_failures_subject on login_failures (subject, at)
    `,
  },
  {
    version: 90,
    name: 'erasures (PIPL/GDPR) and the people they erased',
    sql: `
      -- One row per erasure: who and when, and a reference that names nobody (the SHA-256 of
      -- the erased customer's id: whoever still holds the id can check it was erased; the row
      -- alone tells nothing about the person).
      create table erasures (
        id text primary key,
        reference text not null,
        erased_by text not null,
        at bigint not null,
        customers integer not null,
        people integer not null,
        documents integer not null
      );
      create index erasures_at on erasures (at, id);
      -- The person ids an erasure tombstoned: a booth that was offline may push them again, and
      -- the pool must answer with the tombstone instead of taking them back (services/erasure.ts).
      create table erased_people (
        person_id text primary key,
        event_id text not null,
        erasure_id text not null
      )
    `,
  },
  {
    version: 110,
    name: 'webhooks: subscriptions, a durable outbox of messages, the attempt log',
    sql: `
      -- A subscriber. The secret signs (Standard Webhooks); after a rotation the previous one
      -- signs too, as a second signature, until previous_secret_until.
      create table webhooks (
        id text primary key,
        url text not null,
        events text[] not null,
        description text,
        secret text not null,
        previous_secret text,
        previous_secret_until bigint,
        created_by text not null,
        created_at bigint not null,
        disabled_at bigint,
        disabled_reason text,
        -- The first failed attempt since the last success; null while deliveries succeed.
        failing_since bigint
      );
      -- One message per event and subscriber; its id is the webhook-id every retry repeats.
      -- dedupe_key makes emitting the same cause twice (a retried push) a no-op. The body is
      -- written at the first attempt and then never changes.
      create table webhook_messages (
        id text primary key,
        webhook_id text not null references webhooks (id) on delete cascade,
        event_type text not null,
        dedupe_key text not null,
        customer_id text,
        data jsonb not null,
        body text,
        status text not null check (status in ('pending', 'sending', 'delivered', 'failed')),
        attempts integer not null default 0,
        next_attempt_at bigint not null,
        claimed_until bigint,
        created_at bigint not null,
        delivered_at bigint,
        unique (webhook_id, dedupe_key)
      );
      create index webhook_messages_due on webhook_messages (next_attempt_at)
        where status in ('pending', 'sending');
      create index webhook_messages_webhook on webhook_messages (webhook_id, created_at);
      create table webhook_attempts (
        id text primary key,
        message_id text not null references webhook_messages (id) on delete cascade,
        webhook_id text not null,
        attempt integer not null,
        at bigint not null,
        status_code integer,
        ok boolean not null,
        latency_ms integer not null,
        excerpt text not null
      );
      create index webhook_attempts_webhook on webhook_attempts (webhook_id, at desc, id)
    `,
  },
  {
    version: 111,
    name: 'follow-up mails: which SLA deadline a reminder and an escalation were sent for',
    sql: `
      -- The sla_due_at a reminder / escalation was queued for: a new deadline (routed again)
      -- gets its own mails, the same one never a second.
      alter table customers add column sla_reminded_for bigint;
      alter table customers add column sla_escalated_for bigint;
      create index customers_sla_open on customers (sla_due_at)
        where merged_into is null and stage = 'MQL' and owner is not null
    `,
  },
  {
    version: 140,
    name: 'CRM export mappings: columns, headers and order per CRM target',
    sql: `
      -- columns: [{header, field} | {header, constant}] as CrmMappingBodySchema checked them.
      create table crm_mappings (
        id text primary key,
        name text not null,
        columns jsonb not null,
        created_by text not null,
        created_at bigint not null,
        updated_at bigint not null
      );
      create unique index crm_mappings_name on crm_mappings (lower(name))
    `,
  },
  {
    version: 141,
    name: 'dashboard person counts kept at ingest: facts per type, registrants who came, staff',
    sql: `
      -- Counted as rows enter event_person_facts / event_staff_people (both insert-only), so a
      -- dashboard reads counters and corrects them only for the few folded people
      -- (services/event-summary.ts): 'person_facts' per type; 'registered_checked_in' the
      -- people (as stored) with both a registered and a checked_in row; 'staff_people' per staff.
      insert into event_fact_counts (event_id, kind, key, n)
      select event_id, 'person_facts', type, count(*) from event_person_facts group by 1, 3
      union all
      select r.event_id, 'registered_checked_in', '', count(*)
        from event_person_facts r
        join event_person_facts c
          on c.event_id = r.event_id and c.type = 'checked_in' and c.person_id = r.person_id
             and c.detail = ''
       where r.type = 'registered' and r.detail = ''
       group by 1
      union all
      select event_id, 'staff_people', staff_id, count(*) from event_staff_people group by 1, 3;
      create index event_person_facts_person on event_person_facts (person_id)
    `,
  },
  {
    version: 85,
    name: 'customers list: search key, region and industry indexes, fact kinds, saved segments',
    sql: `
      -- What a search matches (shared/search.ts buildSearchKey of the merged profile: name, its
      -- pinyin and initials, Latin initials, company, phone digits, email, WeChat id), written
      -- with the profile by identity resolution. Null for rows from before this migration: the
      -- pool fills them in at start (services/customer-search.ts), and the query falls back to
      -- the profile's plain fields meanwhile.
      alter table customers add column search_key text;
      create index customers_search_key_missing on customers (id)
        where search_key is null and merged_into is null;
      create index customers_city on customers ((profile->>'city'))
        where merged_into is null;
      create index customers_industry on customers ((profile->>'industry'))
        where merged_into is null;
      -- The behaviour filters (did=checked_in:<event>, downloaded:<asset>, …) look facts up by kind.
      create index documents_fact_kind on documents ((data->>'type'), event_id)
        where collection = 'interactions' and not deleted;
      -- Statistics on those expressions, so the planner knows a common kind from a rare one and
      -- a city from its province (it otherwise guesses a few hundred rows for each and picks
      -- nested loops over thousands).
      create statistics documents_fact_kind_stats on (data->>'type'), event_id from documents;
      create statistics customers_region_stats
        on (profile->>'province'), (profile->>'city'), (profile->>'industry') from customers;
      -- Saved filters of the customers list, shared by everyone who works the pool.
      create table segments (
        id text primary key,
        name text not null,
        filter jsonb not null,
        created_by text not null,
        created_at bigint not null,
        updated_at bigint not null
      );
      create unique index segments_name on segments (lower(name));
      -- Exports that included people without marketing consent: who, when, why, how many.
      -- No personal data: the filter and the count only.
      create table customer_export_overrides (
        id text primary key,
        user_id text not null,
        at bigint not null,
        reason text not null,
        filter jsonb not null,
        rows integer not null
      )
    `,
  },
  {
    version: 100,
    name: 'event dashboard summaries, indexes of event customers and merged customers',
    sql: `
      -- Per event, what its facts add up to, kept by ingest (services/event-summary.ts) as each new
      -- fact is stored, so a dashboard of an event with 100k facts never scans them: facts per
      -- type ('type'), check-ins per UTC quarter hour ('checkin_quarter', the key is
      -- floor(occurredAt / 900000)), downloads per white paper ('download', the asset id).
      -- Facts are insert-only, so the counts only ever grow.
      create table event_fact_counts (
        event_id text not null,
        kind text not null,
        key text not null,
        n bigint not null,
        primary key (event_id, kind, key)
      );
      -- Who did what at an event, once per (type, person, draw): the distinct-person counts
      -- (registered, checked in, draw entries). person_id is the person the fact was stored on;
      -- readers map it through person_redirects like the facts themselves.
      create table event_person_facts (
        event_id text not null,
        type text not null,
        person_id text not null,
        detail text not null,
        primary key (event_id, type, person_id, detail)
      );
      -- Who met whom: one row per (staff member, person) with a fact at the event, so leads per
      -- staff member are counted rows rather than a sort of every fact's person.
      create table event_staff_people (
        event_id text not null,
        staff_id text not null,
        person_id text not null,
        primary key (event_id, staff_id, person_id)
      );
      create index event_staff_people_person on event_staff_people (person_id);
      insert into event_fact_counts (event_id, kind, key, n)
      select event_id, 'type', data->>'type', count(*) from documents
       where collection = 'interactions' and not deleted group by 1, 3
      union all
      select event_id, 'checkin_quarter', floor((data->>'occurredAt')::bigint / 900000)::bigint::text,
             count(*)
        from documents
       where collection = 'interactions' and not deleted and data->>'type' = 'checked_in'
       group by 1, 3
      union all
      select event_id, 'download', coalesce(data->'data'->>'assetId', ''), count(*) from documents
       where collection = 'interactions' and not deleted and data->>'type' = 'content_downloaded'
       group by 1, 3;
      insert into event_person_facts (event_id, type, person_id, detail)
      select distinct event_id, data->>'type', data->>'personId',
             case when data->>'type' = 'draw_entered'
                  then coalesce(data->'data'->>'drawId', '') else '' end
        from documents where collection = 'interactions' and not deleted;
      insert into event_staff_people (event_id, staff_id, person_id)
      select distinct event_id, coalesce(data->>'staffId', ''), data->>'personId'
        from documents where collection = 'interactions' and not deleted;
      -- The dashboards' and ROI's "customers of this event" and "customers merged into these".
      create index customer_people_event on customer_people (event_id, customer_id);
      create index customers_merged_into on customers (merged_into) where merged_into is not null
    `,
  },
  {
    version: 120,
    name: 'ticket sends: who of an event was mailed their ticket, and through which outbox row',
    sql: `
      -- One "send tickets" action; its id is made by the screen so a repeated request is the same send.
      create table ticket_sends (
        id text primary key,
        event_id text not null,
        lang text not null,
        created_by text not null,
        created_at bigint not null
      );
      create index ticket_sends_event on ticket_sends (event_id, created_at);
      -- One row per person of the event at the time of the send. dedupe_key names the outbox row
      -- of the current mail (null when the person has no email); a re-send names a new row.
      create table ticket_send_recipients (
        send_id text not null references ticket_sends (id),
        person_id text not null,
        -- The person's place in the event's list (import order), how the screen lists them.
        position integer not null,
        name text not null,
        email text not null,
        dedupe_key text,
        rounds integer not null default 0,
        primary key (send_id, person_id)
      )
    `,
  },
  {
    version: 125,
    name: 'sales follow-up: returns with a reason, follow-up tasks',
    sql: `
      -- The newest return of a lead by sales (DESIGN.md "Follow-up and hand-off"): a reason from
      -- shared/api/sales RETURN_REASONS and free text, who and when, as columns so marketing sees
      -- it in the customers list without reading the history.
      alter table customers add column return_reason text;
      alter table customers add column return_note text;
      alter table customers add column returned_by text;
      alter table customers add column returned_at bigint;
      -- Follow-up tasks of a lead's owner. A booth's next step becomes one when the lead is
      -- routed; source_key (customer id and next step) keeps routing it again from adding it twice.
      create table follow_up_tasks (
        id text primary key,
        customer_id text not null,
        owner text not null,
        next_step text,
        title text not null default '',
        due_at bigint not null,
        done_at bigint,
        done_by text,
        created_by text not null,
        created_at bigint not null,
        updated_at bigint not null,
        source_key text unique
      );
      create index follow_up_tasks_customer on follow_up_tasks (customer_id, due_at);
      create index follow_up_tasks_open on follow_up_tasks (owner, due_at) where done_at is null
    `,
  },
];

export async function migrate(
  db: SqlDatabase,
  migrations: Migration[] = MIGRATIONS,
): Promise<void> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at bigint not null)`);
  const rows = await db.query<{ version: number }>('select version from schema_migrations');
  const applied = new Set(rows.map((row) => Number(row.version)));
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await db.transaction(async (tx) => {
      // Two pool instances starting together must not both apply a migration.
      await tx.query('lock table schema_migrations in exclusive mode');
      const again = await tx.query('select 1 from schema_migrations where version = $1', [
        migration.version,
      ]);
      if (again.length > 0) return;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query(
        'insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)',
        [migration.version, migration.name, Date.now()],
      );
    });
  }
}

/** Migration scripts hold plain DDL: no functions or quoted semicolons, so `;` splits them. */
function splitStatements(script: string): string[] {
  return script
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
