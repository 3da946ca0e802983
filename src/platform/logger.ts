/** Structured JSON logs (pino). Every request logs through a child carrying its request id. */
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Creates the root logger; credentials and tokens are redacted wherever they appear. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'channel-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'refreshToken',
        '*.refreshToken',
        'headers.authorization',
        '*.headers.authorization',
        'variables.password',
        'variables.input.password',
      ],
      censor: '[redacted]',
    },
  });
}
