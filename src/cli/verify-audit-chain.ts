/**
 * Verifies the audit chain of the database named by DATABASE_URL (read through `loadConfig()`)
 * and prints the report as JSON: `npx tsx src/cli/verify-audit-chain.ts`.
 * Exits 0 when the chain verifies, 1 when it is broken, 2 when it could not be checked
 * (bad configuration, database unreachable).
 * Run it against the live database (or a copy), never one a gateway is embedding (PGlite folder in use).
 */
import { openDatabase } from '../platform/db/database.js';
import { loadConfig } from '../platform/config.js';
import { verifyAuditChainInDatabase } from '../modules/audit/audit-log.js';

try {
  const database = await openDatabase(loadConfig().database);
  try {
    const report = await verifyAuditChainInDatabase(database.db);
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (error) {
  process.stderr.write(`cannot verify the audit chain: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
