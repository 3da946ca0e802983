import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';

@ObjectType({ description: 'The tokens of a session. Send the access token as `Authorization: Bearer …`.' })
export class SessionTokens {
  @Field(() => ID, { description: 'Id of the session these tokens belong to (`Session.id`).' })
  sessionId!: string;

  @Field(() => String, { description: 'JWT (ES256), valid for minutes; verify with /.well-known/jwks.json.' })
  accessToken!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the access token expires (ISO-8601, UTC); call refreshSession before it.' })
  accessTokenExpiresAt!: Date;

  @Field(() => String, { description: 'Opaque; use once with refreshSession, then keep the new one.' })
  refreshToken!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the refresh token expires (ISO-8601, UTC); log in again after it.' })
  refreshTokenExpiresAt!: Date;
}

@ObjectType({ description: 'A one-time code step: the device is new, or a mini-program user is being linked.' })
export class OtpChallenge {
  @Field(() => ID, { description: 'Pass it to requestLoginOtp and verifyLoginOtp.' })
  challengeId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the challenge expires (ISO-8601, UTC); start the login again after it.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Masked phone the code went to; null until requestLoginOtp.' })
  sentTo!: string | null;
}

@ObjectType({ description: 'Logged in.' })
export class SignedIn {
  @Field(() => SessionTokens, { description: "The new session's tokens." })
  tokens!: SessionTokens;
}

@ObjectType({ description: 'A one-time code is needed: requestLoginOtp, then verifyLoginOtp.' })
export class OtpRequired {
  @Field(() => OtpChallenge, { description: 'The one-time-code step to complete.' })
  challenge!: OtpChallenge;
}

export const LoginResult = createUnionType({
  name: 'LoginResult',
  description: 'Either the session, or the one-time-code step that comes first.',
  types: () => [SignedIn, OtpRequired] as const,
});

@ObjectType({ description: 'One of your sessions: a login on a channel and device.' })
export class Session {
  @Field(() => ID, { description: 'Session id; pass it to revokeSession.' })
  id!: string;

  @Field(() => String, { description: 'The channel the session was opened on: APP, MINI_PROGRAM, WEB, BRANCH or STAFF.' })
  channel!: string;

  @Field(() => String, { description: 'The app install or browser id given at login; null when the login had none (e.g. staff sessions).', nullable: true })
  deviceId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the session was opened (ISO-8601, UTC).' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last refresh.' })
  lastSeenAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the session ends unless refreshed (ISO-8601, UTC).' })
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'The session this request is made with.' })
  current!: boolean;
}

@ObjectType({ description: 'A QR login waiting for approval in the app.' })
export class QrLoginTicket {
  @Field(() => ID, { description: 'The QR login id; pass it with `secret` to qrLoginStatus.' })
  id!: string;

  @Field(() => String, { description: 'Only for this page: pass it to qrLoginStatus. Never put it in the QR code.' })
  secret!: string;

  @Field(() => String, { description: 'What to render as the QR code.' })
  qrContent!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the QR code expires (ISO-8601, UTC); ask for a new one after it.' })
  expiresAt!: Date;
}

@ObjectType({ description: 'What the app shows before approving a QR login: which channel asks, from where, since when.' })
export class QrLoginRequest {
  @Field(() => ID, { description: 'The QR login id (from the scanned code).' })
  id!: string;

  @Field(() => String, { description: 'The channel that will be signed in: WEB or BRANCH.' })
  channel!: string;

  @Field(() => String, { nullable: true, description: 'The network address the waiting page asked from.' })
  requestedFrom!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the waiting channel asked for the QR code (ISO-8601, UTC).' })
  requestedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the QR login expires (ISO-8601, UTC); approving after it fails with QR_EXPIRED.' })
  expiresAt!: Date;
}

export enum QrLoginStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(QrLoginStatus, {
  name: 'QrLoginStatus',
  description: 'Where a QR login stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the app to approve.' },
    APPROVED: { description: "Approved in the app; `session` holds the waiting channel's tokens." },
    EXPIRED: { description: 'Not approved in time; ask for a new QR code.' },
  },
});

@ObjectType({ description: 'A change of a QR login, for the waiting channel.' })
export class QrLoginUpdate {
  @Field(() => QrLoginStatus, { description: 'Where the QR login stands.' })
  status!: QrLoginStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the QR login expires (ISO-8601, UTC); null once it is no longer pending.', nullable: true })
  expiresAt?: Date | null;

  @Field(() => SessionTokens, { nullable: true, description: "This channel's own session, once approved." })
  session?: SessionTokens | null;
}

@ObjectType({ description: "A customer's consent for a partner to act for them." })
export class PartnerConsent {
  @Field(() => ID, { description: 'Give this to the partner; it exchanges it for an access token.' })
  id!: string;

  @Field(() => String, { description: 'Id of the partner.' })
  partnerId!: string;

  @Field(() => String, { description: 'Display name of the partner.' })
  partnerName!: string;

  @Field(() => [String], { description: 'What the partner may do, e.g. profile:read, profile:pii, accounts:read.' })
  scopes!: string[];

  @Field(() => GraphQLISODateTime, { description: 'When the customer granted the consent (ISO-8601, UTC).' })
  grantedAt!: Date;
}

@ObjectType({ description: 'An access token a partner uses to act for one customer within the consented scopes.' })
export class PartnerAccessToken {
  @Field(() => String, { description: "Bearer token for the partner's requests (`Authorization: Bearer …`); stops working when the customer revokes the consent." })
  accessToken!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the token expires (ISO-8601, UTC).' })
  expiresAt!: Date;

  @Field(() => [String], { description: 'The scopes the token carries, e.g. profile:read, accounts:read.' })
  scopes!: string[];
}

@ObjectType({ description: 'A key the gateway signs access tokens with (ADMIN only).' })
export class SigningKey {
  @Field(() => ID, { description: 'Key id, as in the JWT header and /.well-known/jwks.json.' })
  kid!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the key was added (ISO-8601, UTC).' })
  createdAt!: Date;
}

@ObjectType({ description: 'The result of ending every session of the viewer.' })
export class LogoutEverywhereResult {
  @Field(() => Int, { description: 'Sessions ended.' })
  sessionsEnded!: number;
}
