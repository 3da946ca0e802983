import type { CodegenConfig } from '@graphql-codegen/cli';

/** The channels with an operations folder in the client kit (packages/client/operations/<channel>). */
export const KIT_CHANNELS = ['app', 'mini-program', 'web', 'branch', 'staff', 'partner'] as const;

const typedDocuments = {
  emitLegacyCommonJSImports: false,
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { Decimal: 'string', DateTimeISO: 'string' },
};

/**
 * Typed documents (`npm run codegen`; CI regenerates and fails on a diff):
 * - test/operations → test/generated, for the integration suite;
 * - each channel's folder of the client kit → packages/client/src/channels/<channel>, with the
 *   sha256 of every document (persisted-documents.json; `npm run kit:manifest` merges them into
 *   the trusted-documents manifest the gateway serves).
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'test/generated/': {
      documents: ['test/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typedDocuments,
    },
    ...Object.fromEntries(
      KIT_CHANNELS.map((channel) => [
        `packages/client/src/channels/${channel}/`,
        {
          documents: [`packages/client/operations/${channel}/**/*.graphql`],
          preset: 'client',
          presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
          config: typedDocuments,
        },
      ]),
    ),
  },
  hooks: {},
};

export default config;
