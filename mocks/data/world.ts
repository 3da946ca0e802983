/**
 * The deterministic data world: demo customers plus 5000 generated ones, each backend
 * serving its slice. Everything is a function of the seed; personas and histories are built
 * on first use and cached (histories in a bounded cache), never all up front.
 */
import { randomFor } from '../lib/random.js';
import { DEMO_CUSTOMER_IDS, demoPersona } from './demo-customers.js';
import {
  generatedCustomerId,
  generatedIdNumber,
  generatedIndex,
  generatePersona,
  GENERATED_CUSTOMER_COUNT,
} from './generated-customers.js';
import { generateLedger, type LedgerEntry } from './ledger.js';
import { RELATIONSHIP_MANAGERS } from './names.js';
import { accountIdFor, accountNumberFor, parseAccountId, type AccountSeed, type Persona } from './persona.js';
import type { RelationshipManager } from './types.js';

export { DEMO_CUSTOMERS, DEMO_CUSTOMER_IDS, type DemoCustomer, type DemoCustomerKey } from './demo-customers.js';
export { GENERATED_CUSTOMER_COUNT, generatedCustomerId } from './generated-customers.js';
export { HISTORY_END, HISTORY_MONTHS } from './persona.js';

/** Seed used when none is given. */
export const DEFAULT_SEED = 42;

/** Histories kept in memory at once; older ones are rebuilt (identically) on demand. */
const LEDGER_CACHE_SIZE = 256;

/** Read access to the data world. Returned objects are shared: callers must not mutate them. */
export interface World {
  readonly seed: number;
  /** The persona of a demo or generated customer, or `null`. */
  persona(customerId: string): Persona | null;
  /** The persona holding this identity number, or `null`. */
  personaByIdNumber(idNumber: string): Persona | null;
  /** The customer's accounts in ordinal order, or `null` for an unknown customer. */
  accounts(customerId: string): readonly AccountSeed[] | null;
  /** One account, or `null`. */
  account(accountId: string): AccountSeed | null;
  /** The account's generated history, newest first, or `null` for an unknown account. */
  ledger(accountId: string): readonly LedgerEntry[] | null;
  /** A relationship manager, or `null`. */
  relationshipManager(id: string): RelationshipManager | null;
  /** Every customer id: demo ones first, then generated ones. */
  customerIds(): string[];
}

/** Builds the world for a seed. Cheap: nothing is generated until asked for. */
export function makeWorld(seed: number = DEFAULT_SEED): World {
  const personas = new Map<string, Persona>();
  const accountCache = new Map<string, readonly AccountSeed[]>();
  const ledgers = new Map<string, readonly LedgerEntry[]>();
  let byIdNumber: Map<string, string> | null = null;

  const persona = (customerId: string): Persona | null => {
    const demo = demoPersona(customerId);
    if (demo) return demo;
    const index = generatedIndex(customerId);
    if (index === null) return null;
    let found = personas.get(customerId);
    if (!found) {
      found = generatePersona(seed, index);
      personas.set(customerId, found);
    }
    return found;
  };

  const accounts = (customerId: string): readonly AccountSeed[] | null => {
    const cached = accountCache.get(customerId);
    if (cached) return cached;
    const owner = persona(customerId);
    if (!owner) return null;
    const seeds = owner.accounts.map((plan, i): AccountSeed => {
      const ordinal = i + 1;
      const accountId = accountIdFor(customerId, ordinal);
      return {
        ...plan,
        accountId,
        customerId,
        ordinal,
        accountNumber: accountNumberFor(customerId, ordinal, randomFor(seed, 'account-number', accountId).digits(6)),
      };
    });
    accountCache.set(customerId, seeds);
    return seeds;
  };

  const account = (accountId: string): AccountSeed | null => {
    const parsed = parseAccountId(accountId);
    if (!parsed) return null;
    return accounts(parsed.customerId)?.find((a) => a.accountId === accountId) ?? null;
  };

  return {
    seed,
    persona,
    personaByIdNumber(idNumber) {
      if (!byIdNumber) {
        byIdNumber = new Map();
        for (const id of DEMO_CUSTOMER_IDS) {
          const demo = demoPersona(id);
          if (demo) byIdNumber.set(demo.idNumber, id);
        }
        for (let i = 0; i < GENERATED_CUSTOMER_COUNT; i += 1) {
          const idNumber = generatedIdNumber(seed, i);
          // Demo customers win a (very unlikely) clash, then the lowest generated index.
          if (!byIdNumber.has(idNumber)) byIdNumber.set(idNumber, generatedCustomerId(i));
        }
      }
      const id = byIdNumber.get(idNumber);
      return id === undefined ? null : persona(id);
    },
    accounts,
    account,
    ledger(accountId) {
      const cached = ledgers.get(accountId);
      if (cached) {
        // Re-insert so the Map's insertion order doubles as least-recently-used order.
        ledgers.delete(accountId);
        ledgers.set(accountId, cached);
        return cached;
      }
      const seedAccount = account(accountId);
      const owner = seedAccount ? persona(seedAccount.customerId) : null;
      if (!seedAccount || !owner) return null;
      const entries = generateLedger(seed, seedAccount, owner);
      ledgers.set(accountId, entries);
      if (ledgers.size > LEDGER_CACHE_SIZE) {
        const oldest = ledgers.keys().next();
        if (!oldest.done) ledgers.delete(oldest.value);
      }
      return entries;
    },
    relationshipManager(id) {
      return RELATIONSHIP_MANAGERS.find((rm) => rm.id === id) ?? null;
    },
    customerIds() {
      return [...DEMO_CUSTOMER_IDS, ...Array.from({ length: GENERATED_CUSTOMER_COUNT }, (_, i) => generatedCustomerId(i))];
    },
  };
}
