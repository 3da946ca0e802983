/**
 * `memory://` as an operator sees it: a private, empty, migrated database per process that leaves
 * nothing behind once closed (its files sit in a folder under the OS temp folder, not in the heap).
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../src/platform/db/database.js';

const memoryDirs = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('channel-gateway-memory-'));

/** A pid that no longer runs: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('memory:// database', () => {
  it('gives each opening its own database, removes its folder on close, and sweeps folders of dead processes', async () => {
    const stale = path.join(os.tmpdir(), `channel-gateway-memory-${await deadPid()}-abc123`);
    await mkdir(path.join(stale, 'base'), { recursive: true });

    const a = await openDatabase({ kind: 'pglite-memory' });
    const b = await openDatabase({ kind: 'pglite-memory' });
    try {
      // The stale folder went on open; ours are there while open.
      const open = await memoryDirs();
      expect(open).not.toContain(path.basename(stale));
      expect(open.filter((name) => name.startsWith(`channel-gateway-memory-${process.pid}-`))).toHaveLength(2);

      await a.migrate(defaultMigrationsFolder());
      await b.migrate(defaultMigrationsFolder());
      await a.db.execute(sql`create table only_in_a (id int)`);
      await a.db.execute(sql`insert into only_in_a values (1)`);
      const inA = (await a.db.execute(sql`select count(*)::int as n from only_in_a`)) as unknown as { rows: unknown[] };
      expect(inA.rows[0]).toEqual({ n: 1 });
      await expect(b.db.execute(sql`select 1 from only_in_a`)).rejects.toThrow(/only_in_a/);
    } finally {
      await a.close();
      await b.close();
    }
    expect((await memoryDirs()).filter((name) => name.startsWith(`channel-gateway-memory-${process.pid}-`))).toEqual([]);
  }, 120_000);
});
