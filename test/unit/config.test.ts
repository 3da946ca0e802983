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
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', SEED_DEMO_DATA: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toEqual(['PORT', 'LOG_LEVEL', 'SEED_DEMO_DATA']);
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
