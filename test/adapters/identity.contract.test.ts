/**
 * The identity verification port's contract, over real HTTP against the mock; point `makeTarget`
 * at a real identity test system (with its test tokens and codes) to run the same cases there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityClient } from '../../src/adapters/identity/identity.client.js';
import type { IdentityPort } from '../../src/adapters/identity/identity.port.js';
import { DEMO_CUSTOMERS, miniProgramUserId } from '../../mocks/index.js';
import { startMockBackends, valueOf } from './adapter-kit.js';

interface IdentityTarget {
  port: IdentityPort;
  /** The codes texted to a phone, newest first, when the target can show them (the mock can). */
  sentCodes?: (phone: string) => Promise<string[]>;
  close(): Promise<void>;
}

const wangFang = DEMO_CUSTOMERS.wangFang;

function describeIdentityContract(name: string, makeTarget: () => Promise<IdentityTarget>): void {
  describe(name, () => {
    let target: IdentityTarget;
    beforeAll(async () => {
      target = await makeTarget();
    });
    afterAll(() => target?.close());

    describe('verifyIdentity', () => {
      it("passes Wang Fang's document, with no selfie scores when no selfie was sent", async () => {
        const verification = await target.port.verifyIdentity({ fullName: 'Wang Fang', idNumber: wangFang.idNumber });
        expect(verification).toMatchObject({
          idValid: true,
          nameMatches: true,
          livenessScore: null,
          faceMatchScore: null,
          result: 'PASS',
        });
        expect(verification.verificationId).toMatch(/\S/);
      });

      it("fails someone else's name on Wang Fang's identity number", async () => {
        const verification = await target.port.verifyIdentity({ fullName: 'Zhao Lei', idNumber: wangFang.idNumber });
        expect(verification).toMatchObject({ idValid: true, nameMatches: false, result: 'FAIL' });
      });

      it('fails an identity number with a wrong check character', async () => {
        const forged = `${wangFang.idNumber.slice(0, 17)}${wangFang.idNumber.endsWith('0') ? '1' : '0'}`;
        const verification = await target.port.verifyIdentity({ fullName: 'Wang Fang', idNumber: forged });
        expect(verification).toMatchObject({ idValid: false, result: 'FAIL' });
      });

      it('fails a spoofed selfie and sends a doubtful one to review', async () => {
        const person = { fullName: 'Wang Fang', idNumber: wangFang.idNumber };
        const spoof = await target.port.verifyIdentity({ ...person, selfieToken: 'spoof' });
        expect(spoof.result).toBe('FAIL');
        expect(spoof.livenessScore).toBeLessThan(0.5);
        const review = await target.port.verifyIdentity({ ...person, selfieToken: 'review' });
        expect(review.result).toBe('REVIEW');
        const good = await target.port.verifyIdentity({ ...person, selfieToken: 'selfie-token-1' });
        expect(good.result).toBe('PASS');
        expect(good.faceMatchScore).toBeGreaterThanOrEqual(0.8);
      });
    });

    describe('sendOtpMessage', () => {
      it('hands the code to the SMS gateway', async () => {
        const sent = valueOf(await target.port.sendOtpMessage({ phone: wangFang.phone, code: '482913', purpose: 'LOGIN' }));
        expect(sent.messageId).toMatch(/\S/);
        expect(new Date(sent.sentAt).toISOString()).toBe(sent.sentAt);
        if (target.sentCodes) expect((await target.sentCodes(wangFang.phone))[0]).toBe('482913');
      });

      it('refuses a number that is not a mainland mobile number as INVALID_INPUT', async () => {
        expect(await target.port.sendOtpMessage({ phone: '12345', code: '482913', purpose: 'LOGIN' })).toMatchObject({
          ok: false,
          code: 'INVALID_INPUT',
        });
      });
    });

    describe('exchangeMiniProgramCode', () => {
      it('resolves fresh codes of the same user to the same platform user', async () => {
        const first = valueOf(await target.port.exchangeMiniProgramCode('mp:wang.fang:1'));
        const second = valueOf(await target.port.exchangeMiniProgramCode('mp:wang.fang:2'));
        expect(first.platformUserId).toBe(miniProgramUserId('wang.fang'));
        expect(second.platformUserId).toBe(first.platformUserId);
        expect(second.sessionKey).not.toBe(first.sessionKey);
      });

      it('refuses an invalid or empty code as INVALID_CODE', async () => {
        expect(await target.port.exchangeMiniProgramCode('bad-code')).toMatchObject({ ok: false, code: 'INVALID_CODE' });
        expect(await target.port.exchangeMiniProgramCode('')).toMatchObject({ ok: false, code: 'INVALID_CODE' });
      });
    });
  });
}

describeIdentityContract('IdentityPort over HTTP against the identity verification mock', async () => {
  const backends = await startMockBackends();
  const admin = backends.admin('identity');
  return {
    port: createIdentityClient(backends.client('identity')),
    sentCodes: async (phone) => {
      const body = (await admin.getJson(`/__admin/messages?phone=${phone}`)) as { messages: { code: string }[] };
      return body.messages.map((m) => m.code);
    },
    close: () => backends.close(),
  };
});
