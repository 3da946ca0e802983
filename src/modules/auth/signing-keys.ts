/**
 * ES256 signing keys: generated on first start and kept in the database (embedded defaults), or
 * given as private JWKs by JWT_SIGNING_KEYS (production, where a key vault owns rotation).
 *
 * The newest unretired key signs. A retired key keeps verifying for one access-token lifetime, so
 * tokens signed just before a rotation stay valid until they expire.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { desc, gt, isNull, or } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { signingKeys } from './auth.tables.js';

export const TOKEN_ALG = 'ES256';

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey | undefined;
  publicKey: CryptoKey;
  publicJwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface KeyStore {
  /** The key new tokens are signed with. */
  current(): Promise<{ kid: string; key: CryptoKey }>;
  /** The public key for `kid`, if it may still verify tokens. */
  verificationKey(kid: string): Promise<CryptoKey | undefined>;
  /** The public keys for `/.well-known/jwks.json`. */
  jwks(): Promise<{ keys: JWK[] }>;
  /**
   * Adds a new signing key and retires the current one (it keeps verifying).
   * @returns undefined when keys are managed outside the gateway (JWT_SIGNING_KEYS)
   */
  rotate(now: Date): Promise<{ kid: string; createdAt: Date } | undefined>;
}

export interface KeyStoreOptions {
  db: Database;
  /** Private JWKs from the environment; when given, nothing is generated or stored. */
  configuredKeys: Record<string, unknown>[] | undefined;
  /** How long a retired key keeps verifying: the access-token lifetime. */
  verifyRetiredForMs: number;
  now: () => Date;
}

/** Opens the key store, creating the first key when the database has none. */
export async function openKeyStore(options: KeyStoreOptions): Promise<KeyStore> {
  const { db, now } = options;
  let keys: LoadedKey[] = [];
  let lastReload = 0;

  if (options.configuredKeys) {
    keys = await Promise.all(options.configuredKeys.map((jwk, i) => loadConfigured(jwk, i)));
  } else {
    await reload();
    if (!keys.some((k) => !k.retiredAt)) {
      await insertNewKey(now());
      await reload();
    }
  }

  async function reload(): Promise<void> {
    if (options.configuredKeys) return;
    const cutoff = new Date(now().getTime() - options.verifyRetiredForMs);
    const rows = await db
      .select()
      .from(signingKeys)
      .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, cutoff)))
      .orderBy(desc(signingKeys.createdAt));
    keys = await Promise.all(
      rows.map(async (row) => ({
        kid: row.kid,
        privateKey: (await importJWK(row.privateJwk as JWK, TOKEN_ALG)) as CryptoKey,
        publicKey: (await importJWK(row.publicJwk as JWK, TOKEN_ALG)) as CryptoKey,
        publicJwk: row.publicJwk as JWK,
        createdAt: row.createdAt,
        retiredAt: row.retiredAt,
      })),
    );
    lastReload = Date.now();
  }

  async function insertNewKey(createdAt: Date, target: Database = db): Promise<{ kid: string; createdAt: Date }> {
    const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    await target.insert(signingKeys).values({
      kid,
      privateJwk: { ...privateJwk, kid, alg: TOKEN_ALG },
      publicJwk: { ...publicJwk, kid, alg: TOKEN_ALG, use: 'sig' },
      createdAt,
    });
    return { kid, createdAt };
  }

  const usable = (key: LoadedKey) =>
    !key.retiredAt || key.retiredAt.getTime() > now().getTime() - options.verifyRetiredForMs;

  return {
    async current() {
      const signing = keys.find((k) => !k.retiredAt && k.privateKey);
      if (!signing?.privateKey) throw new Error('no signing key');
      return { kid: signing.kid, key: signing.privateKey };
    },
    async verificationKey(kid) {
      let key = keys.find((k) => k.kid === kid);
      // Another instance may have rotated: look again, at most once a second.
      if (!key && Date.now() - lastReload > 1000) {
        await reload();
        key = keys.find((k) => k.kid === kid);
      }
      return key && usable(key) ? key.publicKey : undefined;
    },
    async jwks() {
      if (Date.now() - lastReload > 60_000) await reload();
      return { keys: keys.filter(usable).map((k) => k.publicJwk) };
    },
    async rotate(at) {
      if (options.configuredKeys) return undefined;
      const created = await db.transaction(async (tx) => {
        await tx.update(signingKeys).set({ retiredAt: at }).where(isNull(signingKeys.retiredAt));
        return insertNewKey(at, tx as unknown as Database);
      });
      await reload();
      return created;
    },
  };
}

async function loadConfigured(jwk: Record<string, unknown>, index: number): Promise<LoadedKey> {
  const { d: _d, ...publicPart } = jwk as JWK;
  const kid = typeof jwk.kid === 'string' ? jwk.kid : await calculateJwkThumbprint(publicPart);
  return {
    kid,
    // Only the first configured key signs; the others verify (the previous keys of a rotation).
    privateKey: index === 0 ? ((await importJWK(jwk as JWK, TOKEN_ALG)) as CryptoKey) : undefined,
    publicKey: (await importJWK(publicPart, TOKEN_ALG)) as CryptoKey,
    publicJwk: { ...publicPart, kid, alg: TOKEN_ALG, use: 'sig' },
    createdAt: new Date(0),
    retiredAt: index === 0 ? null : new Date(8.64e15),
  };
}

