import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import { LoginInput, MiniProgramLoginInput, PartnerAccessTokenInput } from './auth.input.js';
import type { LoginResult as LoginOutcome, QrLoginUpdate as QrUpdate, SessionTokens as Tokens } from './auth.service.js';
import {
  LoginResult,
  LogoutEverywhereResult,
  OtpChallenge,
  OtpRequired,
  PartnerAccessToken,
  PartnerConsent,
  QrLoginRequest,
  QrLoginStatus,
  QrLoginTicket,
  QrLoginUpdate,
  Session,
  SessionTokens,
  SignedIn,
  SigningKey,
} from './auth.type.js';

function toLoginResult(outcome: LoginOutcome): typeof LoginResult {
  if (outcome.kind === 'SIGNED_IN') return Object.assign(new SignedIn(), { tokens: outcome.tokens });
  return Object.assign(new OtpRequired(), { challenge: outcome.challenge });
}

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: 'Password login on APP or WEB. A new device answers OtpRequired first.' })
  async login(@Arg('input', () => LoginInput, { description: 'Username, password, channel and device id. Wrong credentials: INVALID_CREDENTIALS.' }) input: LoginInput, @Ctx() ctx: RequestContext): Promise<typeof LoginResult> {
    return toLoginResult(await ctx.services.auth.login(input, ctx.clientAddress));
  }

  @Mutation(() => OtpChallenge, { description: "Sends the challenge's one-time code to the customer's phone (again)." })
  async requestLoginOtp(@Arg('challengeId', () => ID, { description: '`OtpChallenge.challengeId` from the OtpRequired answer. Expired: OTP_EXPIRED.' }) challengeId: string, @Ctx() ctx: RequestContext): Promise<OtpChallenge> {
    return ctx.services.auth.requestLoginOtp(challengeId, ctx.clientAddress, ctx.scope);
  }

  @Mutation(() => SessionTokens, { description: 'Completes a login (or a mini-program link) with the one-time code.' })
  async verifyLoginOtp(
    @Arg('challengeId', () => ID, { description: '`OtpChallenge.challengeId` the code was sent for.' }) challengeId: string,
    @Arg('code', () => String, { description: 'The one-time code the customer received. Wrong: OTP_INVALID; expired: OTP_EXPIRED; used: OTP_ALREADY_USED; never sent: OTP_NOT_SENT.' }) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Tokens> {
    return ctx.services.auth.verifyLoginOtp(challengeId, code, ctx.clientAddress);
  }

  @Mutation(() => LoginResult, { description: 'Mini-program login with the platform code; the first time links a customer by OTP.' })
  async miniProgramLogin(
    @Arg('input', () => MiniProgramLoginInput, { description: 'The platform login code (and, the first time, username and password). A bad code: INVALID_MINI_PROGRAM_CODE.' }) input: MiniProgramLoginInput,
    @Ctx() ctx: RequestContext,
  ): Promise<typeof LoginResult> {
    return toLoginResult(await ctx.services.auth.miniProgramLogin(input, ctx.clientAddress, ctx.scope));
  }

  @Mutation(() => SessionTokens, { description: 'A new token pair for a refresh token; each refresh token works once.' })
  async refreshSession(@Arg('refreshToken', () => String, { description: 'The current refresh token; it works once. Unknown or expired: INVALID_REFRESH_TOKEN; used before: REFRESH_TOKEN_REUSED (the session is ended).' }) refreshToken: string, @Ctx() ctx: RequestContext): Promise<Tokens> {
    return ctx.services.auth.refreshSession(refreshToken);
  }

  @Authorized('CUSTOMER', 'STAFF')
  @Mutation(() => Boolean, { description: 'Ends the session this request is made with.' })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.logout(ctx.viewer);
  }

  @Authorized('CUSTOMER', 'STAFF')
  @Mutation(() => LogoutEverywhereResult, { description: 'Ends every session of yours, on every channel and device.' })
  async logoutEverywhere(@Ctx() ctx: RequestContext): Promise<LogoutEverywhereResult> {
    return ({ sessionsEnded: await ctx.services.auth.logoutEverywhere(ctx.viewer) });
  }

  @Authorized('CUSTOMER', 'STAFF')
  @Query(() => [Session], { description: 'Your live sessions. A list, not a connection: only live ones (revoked and expired sessions drop off), one per device you are logged in on.' })
  async mySessions(@Ctx() ctx: RequestContext): Promise<Session[]> {
    return ctx.services.auth.mySessions(ctx.viewer);
  }

  @Authorized('CUSTOMER', 'STAFF')
  @Mutation(() => Boolean, { description: 'Ends one of your sessions.' })
  async revokeSession(@Arg('id', () => ID, { description: '`Session.id` of one of your sessions (see `sessions`).' }) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.revokeSession(ctx.viewer, id);
  }

  @Mutation(() => SessionTokens, { description: 'Staff login (staff audience; roles in the token).' })
  async staffLogin(
    @Arg('username', () => String, { description: "The staff member's login name." }) username: string,
    @Arg('password', () => String, { description: "The staff member's password. Wrong credentials: INVALID_CREDENTIALS." }) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Tokens> {
    return ctx.services.auth.staffLogin(username, password, ctx.clientAddress);
  }

  @Authorized('ADMIN') // Only an administrator may rotate the keys every token is signed with.
  @Mutation(() => SigningKey, { description: 'Adds a signing key; the old one keeps verifying until its tokens expire.' })
  async rotateSigningKeys(@Ctx() ctx: RequestContext): Promise<SigningKey> {
    return ctx.services.auth.rotateSigningKeys(ctx.viewer);
  }

  @Mutation(() => QrLoginTicket, { description: 'A waiting channel (web, branch) asks for a QR code to show.' })
  async startQrLogin(@Ctx() ctx: RequestContext): Promise<QrLoginTicket> {
    return ctx.services.auth.startQrLogin(ctx.channel, ctx.clientAddress);
  }

  @Authorized('CUSTOMER')
  @Query(() => QrLoginRequest, { description: 'The app shows what a scanned QR code would sign in (channel, address, time) before approving it.' })
  async qrLoginRequest(@Arg('id', () => ID, { description: 'The QR login id read from the scanned code.' }) id: string, @Ctx() ctx: RequestContext): Promise<QrLoginRequest> {
    return ctx.services.auth.qrLoginRequest(ctx.viewer, id);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Boolean, { description: 'The logged-in app approves a scanned QR code (after showing qrLoginRequest).' })
  async approveQrLogin(@Arg('id', () => ID, { description: 'The QR login id read from the scanned code. Expired: QR_EXPIRED; already approved: QR_ALREADY_USED.' }) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.approveQrLogin(ctx.viewer, id);
  }

  @Subscription(() => QrLoginUpdate, {
    description: 'The waiting channel follows its QR login: PENDING, then APPROVED with its session, or EXPIRED.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { id: string; secret: string }, RequestContext>) =>
      eventSubscription((signal) => context.services.auth.qrLoginUpdates(args.id, args.secret, signal)),
  })
  qrLoginStatus(
    @Root() update: QrUpdate,
    @Arg('id', () => ID, { description: '`QrLoginTicket.id`.' }) _id: string,
    @Arg('secret', () => String, { description: '`QrLoginTicket.secret`, known only to the waiting page.' }) _secret: string,
  ): QrLoginUpdate {
    switch (update.status) {
      case 'PENDING':
        return { status: QrLoginStatus.PENDING, expiresAt: update.expiresAt, session: null };
      case 'EXPIRED':
        return { status: QrLoginStatus.EXPIRED, expiresAt: null, session: null };
      case 'APPROVED':
        return { status: QrLoginStatus.APPROVED, expiresAt: null, session: update.tokens };
    }
  }

  @Authorized('CUSTOMER')
  @Mutation(() => PartnerConsent, { description: 'Lets a partner act for you within these scopes, until you revoke it.' })
  async grantPartnerConsent(
    @Arg('partnerId', () => String, { description: 'Id of the partner to let act for you.' }) partnerId: string,
    @Arg('scopes', () => [String], { description: 'What the partner may do, e.g. profile:read, profile:pii, accounts:read. A scope the partner may not ask for: SCOPE_NOT_ALLOWED.' }) scopes: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<PartnerConsent> {
    return ctx.services.auth.grantPartnerConsent(ctx.viewer, partnerId, scopes);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Boolean, { description: "Withdraws a partner's consent; its tokens stop working at once." })
  async revokePartnerConsent(@Arg('partnerId', () => String, { description: 'Id of the partner whose consent ends.' }) partnerId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.revokePartnerConsent(ctx.viewer, partnerId);
  }

  @Authorized('CUSTOMER')
  @Query(() => [PartnerConsent], { description: 'Partners you have let act for you. A list, not a connection: at most one live consent per partner.' })
  async myConsents(@Ctx() ctx: RequestContext): Promise<PartnerConsent[]> {
    return ctx.services.auth.myConsents(ctx.viewer);
  }

  @Mutation(() => PartnerAccessToken, { description: "Partner client credentials + a customer's consent → an access token." })
  async partnerAccessToken(
    @Arg('input', () => PartnerAccessTokenInput, { description: "The partner's client credentials and the customer's consent id. Bad credentials: INVALID_CLIENT; no valid consent: CONSENT_REQUIRED." }) input: PartnerAccessTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<PartnerAccessToken> {
    return ctx.services.auth.partnerAccessToken(input);
  }
}
