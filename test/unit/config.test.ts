import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDatabaseUrl, redact } from '../../src/platform/config.js';

describe('loadConfig', () => {
  it('runs on the embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/gateway');
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/gateway/.data/pglite' });
    expect(Object.values(config.backends).every((b) => b.url === undefined)).toBe(true);
    expect(config.nodeEnv).toBe('development');
  });

  it('reads backend URLs and trims a trailing slash', () => {
    const config = loadConfig({ CORE_BANKING_URL: 'https://core.bank.local:8443/', RISK_URL: 'http://risk:9000' });
    expect(config.backends.coreBanking.url).toBe('https://core.bank.local:8443');
    expect(config.backends.risk.url).toBe('http://risk:9000');
    expect(config.backends.crm.url).toBeUndefined();
  });

  it('gives each backend its own timeout when one is set, BACKEND_TIMEOUT_MS otherwise', () => {
    const config = loadConfig({ BACKEND_TIMEOUT_MS: '1500', CREDIT_BUREAU_TIMEOUT_MS: '8000', CRM_TIMEOUT_MS: '300' });
    expect(config.backends.creditBureau.timeoutMs).toBe(8000);
    expect(config.backends.crm.timeoutMs).toBe(300);
    expect(config.backends.coreBanking.timeoutMs).toBe(1500);
    expect(config.backends.risk.timeoutMs).toBe(1500);
    expect(config.backends.identity.timeoutMs).toBe(1500);
    expect(() => loadConfig({ RISK_TIMEOUT_MS: '0' })).toThrow(/RISK_TIMEOUT_MS: must be at least 10/);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toEqual(['PORT', 'LOG_LEVEL', 'SEED_DEMO']);
    expect((error as Error).message).toContain('PORT: must be a whole number (got "x")');
  });

  it('never repeats a password from a bad URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://admin:hunter2@db/bank' })).toThrow(/DATABASE_URL/);
    try {
      loadConfig({ DATABASE_URL: 'mysql://admin:hunter2@db/bank' });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('loadConfig in production', () => {
  const backends = {
    CORE_BANKING_URL: 'https://core.bank.local',
    CRM_URL: 'https://crm.bank.local',
    CREDIT_BUREAU_URL: 'https://bureau.bank.local',
    RISK_URL: 'https://risk.bank.local',
    IDENTITY_URL: 'https://identity.bank.local',
    BUSINESS_REGISTRY_URL: 'https://registry.bank.local',
  };
  const complete = {
    NODE_ENV: 'production',
    ...backends,
    DATABASE_URL: 'postgres://gw@db.bank.local/gateway',
    JWT_SIGNING_KEYS: JSON.stringify([{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k1' }]),
  };
  const variablesIn = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as ConfigError).issues.map((i) => i.variable);
    }
    return [];
  };

  it('refuses to start on the embedded defaults, naming every missing piece', () => {
    expect(variablesIn({ NODE_ENV: 'production' })).toEqual([
      'CORE_BANKING_URL',
      'CRM_URL',
      'CREDIT_BUREAU_URL',
      'RISK_URL',
      'IDENTITY_URL',
      'BUSINESS_REGISTRY_URL',
      'DATABASE_URL',
      'JWT_SIGNING_KEYS',
    ]);
  });

  it.each(Object.keys(backends))('refuses to start without %s (no mock stands in for it)', (variable) => {
    expect(variablesIn({ ...complete, [variable]: '' })).toEqual([variable]);
  });

  it.each(['pglite://.data/pglite', 'memory://'])('refuses DATABASE_URL=%s: state must be in PostgreSQL', (url) => {
    expect(() => loadConfig({ ...complete, DATABASE_URL: url })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL in production/);
  });

  it('refuses SEED_DEMO=true: the published demo logins never exist in production', () => {
    expect(() => loadConfig({ ...complete, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO: must not be true in production/);
  });

  it('starts with everything given, and seeds nothing', () => {
    const config = loadConfig(complete);
    expect(config.nodeEnv).toBe('production');
    expect(config.seedDemoData).toBe(false);
  });
});

describe('SEED_DEMO', () => {
  it('seeds the demo data on the embedded defaults, and not against real backends unless asked', () => {
    expect(loadConfig({}).seedDemoData).toBe(true);
    expect(loadConfig({ CRM_URL: 'http://crm:9000' }).seedDemoData).toBe(false);
    expect(loadConfig({ CRM_URL: 'http://crm:9000', SEED_DEMO: 'true' }).seedDemoData).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemoData).toBe(false);
  });
});

describe('parseDatabaseUrl', () => {
  it.each([
    ['memory://', { kind: 'pglite-memory' }],
    ['pglite://data/db', { kind: 'pglite', dataDir: '/app/data/db' }],
    ['postgres://u@127.0.0.1:5432/test', { kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/test' }],
    ['postgresql://u@db/prod', { kind: 'postgres', url: 'postgresql://u@db/prod' }],
  ])('understands %s', (value, expected) => {
    expect(parseDatabaseUrl(value, '/app')).toEqual(expected);
  });

  it.each(['postgres://db', 'pglite://', 'sqlite:///tmp/x', 'not a url'])('refuses %s with a reason', (value) => {
    expect(typeof parseDatabaseUrl(value, '/app')).toBe('string');
  });
});

describe('redact', () => {
  it('hides the password of a URL and nothing else', () => {
    expect(redact('postgres://bank:s3cret@db:5432/gw')).toBe('postgres://bank:***@db:5432/gw');
    expect(redact('postgres://db:5432/gw')).toBe('postgres://db:5432/gw');
  });
});
