import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { statusesOf, type StateMachine } from './state-machine.js';

/**
 * A CHECK that the status column holds one of the machine's statuses, so that the database
 * refuses what the type refuses: `check('loans_status_check', statusCheck(t.status, LOAN_MACHINE))`.
 */
export function statusCheck<S extends string>(column: PgColumn, machine: StateMachine<S>): SQL {
  const list = statusesOf(machine).map((status) => {
    if (!/^[A-Z_]+$/.test(status)) throw new Error(`status ${status} must be SCREAMING_SNAKE_CASE`);
    return `'${status}'`;
  });
  return sql`${column} in (${sql.raw(list.join(', '))})`;
}
