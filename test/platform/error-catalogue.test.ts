/**
 * The error catalogue holds every code the source can send: a code thrown, typed or put into
 * `extensions` anywhere under src/ without a catalogue entry fails here. Also: the generated
 * docs/errors.md and the kit's errors.ts are what the code declares (the CI drift check's twin).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/cli/emit-errors.js';
import { defineErrorCodes, mergeCatalogue } from '../../src/platform/error-catalogue.js';

const CODE = /^[A-Z][A-Z0-9_]+$/;
/** Calls whose string arguments are error codes (besides any `new FooError(…)`; a plain Error's message is no code). */
const CODE_CALLS = new Set(['HttpProblem', 'sendError', 'withCode', 'refuse']);

/** Codes a source file can send: `*ErrorCode` unions, `extensions: { code }`, code arguments of errors. */
function codesIn(fileName: string, text: string): { code: string; where: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { code: string; where: string }[] = [];
  const add = (node: ts.Node, code: string) => {
    if (CODE.test(code)) found.push({ code, where: `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
  };
  const visit = (node: ts.Node) => {
    if (ts.isTypeAliasDeclaration(node) && /ErrorCode$/.test(node.name.text)) {
      const literals = (type: ts.TypeNode): void => {
        if (ts.isUnionTypeNode(type)) type.types.forEach(literals);
        else if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) add(type, type.literal.text);
      };
      literals(node.type);
    }
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'code' && ts.isStringLiteral(node.initializer)) {
      const owner = node.parent.parent;
      if (ts.isPropertyAssignment(owner) && owner.name.getText(source) === 'extensions') add(node, node.initializer.text);
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.arguments) {
      const callee = node.expression.getText(source);
      if (/.Error$/.test(callee) || CODE_CALLS.has(callee)) {
        for (const arg of node.arguments) if (ts.isStringLiteral(arg)) add(arg, arg.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the error catalogue', () => {
  it('declares every code the source under src/ can send', async () => {
    const catalogue = new Set((await loadCatalogue()).map((entry) => entry.code));
    const files = (await readdir('src', { recursive: true })).filter((file) => file.endsWith('.ts'));
    const missing: string[] = [];
    let seen = 0;
    for (const file of files) {
      const name = path.join('src', file);
      for (const { code, where } of codesIn(name, await readFile(name, 'utf8'))) {
        seen++;
        if (!catalogue.has(code)) missing.push(`${code} (${where})`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing, 'declare these codes in the module\'s *.errors.ts with defineErrorCodes').toEqual([]);
  });

  it('finds an undeclared code in a thrown error, an extensions object and a code union', () => {
    const sample = [
      "type FooErrorCode = 'NOT_FOUND' | 'FOO_BROKEN';",
      "throw new FooError('FOO_GONE', 'gone');",
      "throw new GraphQLError('x', { extensions: { code: 'FOO_ODD' } });",
      "const n = { code: 'not-a-code', other: 'IGNORED_HERE' };",
    ].join('\n');
    expect(codesIn('sample.ts', sample).map((c) => c.code)).toEqual(['NOT_FOUND', 'FOO_BROKEN', 'FOO_GONE', 'FOO_ODD']);
  });

  it('gives every code a meaning, an audience and retry advice', async () => {
    for (const entry of await loadCatalogue()) {
      expect(entry.meaning.length, entry.code).toBeGreaterThan(10);
      expect(entry.audience.length, entry.code).toBeGreaterThan(0);
      expect(typeof entry.retryable, entry.code).toBe('boolean');
    }
  });

  it('refuses one code declared twice with different meanings', () => {
    const a = defineErrorCodes({ SAME: { meaning: 'one meaning', audience: ['anyone'], retryable: false } });
    const b = defineErrorCodes({ SAME: { meaning: 'another meaning', audience: ['anyone'], retryable: true } });
    expect(() => mergeCatalogue({ 'a.ts': { a }, 'b.ts': { b } })).toThrow(/declared in a.ts and again in b.ts/);
  });

  it('matches docs/errors.md and the client kit (run npm run errors:emit when this fails)', async () => {
    const entries = await loadCatalogue();
    const docs = await readFile('docs/errors.md', 'utf8');
    const kit = await readFile('packages/client/src/errors.ts', 'utf8');
    for (const { code } of entries) {
      expect(docs).toContain(`| \`${code}\` |`);
      expect(kit).toContain(`  | '${code}'`);
    }
    expect(kit.match(/^ {2}\| '/gm)?.length).toBe(entries.length);
  });
});
