import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';

@ObjectType({ description: 'The tokens of a session. Send the access token as `Authorization: Bearer …`.' })
export class SessionTokens {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => String, { description: 'JWT (ES256), valid for minutes; verify with /.well-known/jwks.json.' })
  accessToken!: string;

  @Field(() => GraphQLISODateTime)
  accessTokenExpiresAt!: Date;

  @Field(() => String, { description: 'Opaque; use once with refreshSession, then keep the new one.' })
  refreshToken!: string;

  @Field(() => GraphQLISODateTime)
  refreshTokenExpiresAt!: Date;
}

@ObjectType({ description: 'A one-time code step: the device is new, or a mini-program user is being linked.' })
export class OtpChallenge {
  @Field(() => ID)
  challengeId!: string;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Masked phone the code went to; null until requestLoginOtp.' })
  sentTo!: string | null;
}

@ObjectType({ description: 'Logged in.' })
export class SignedIn {
  @Field(() => SessionTokens)
  tokens!: SessionTokens;
}

@ObjectType({ description: 'A one-time code is needed: requestLoginOtp, then verifyLoginOtp.' })
export class OtpRequired {
  @Field(() => OtpChallenge)
  challenge!: OtpChallenge;
}

export const LoginResult = createUnionType({
  name: 'LoginResult',
  description: 'Either the session, or the one-time-code step that comes first.',
  types: () => [SignedIn, OtpRequired] as const,
});

@ObjectType({ description: 'One of your sessions: a login on a channel and device.' })
export class Session {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  channel!: string;

  @Field(() => String, { nullable: true })
  deviceId!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last refresh.' })
  lastSeenAt!: Date;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'The session this request is made with.' })
  current!: boolean;
}

@ObjectType({ description: 'A QR login waiting for approval in the app.' })
export class QrLoginTicket {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Only for this page: pass it to qrLoginStatus. Never put it in the QR code.' })
  secret!: string;

  @Field(() => String, { description: 'What to render as the QR code.' })
  qrContent!: string;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;
}

@ObjectType({ description: 'What the app shows before approving a QR login: which channel asks, from where, since when.' })
export class QrLoginRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The channel that will be signed in: WEB or BRANCH.' })
  channel!: string;

  @Field(() => String, { nullable: true, description: 'The network address the waiting page asked from.' })
  requestedFrom!: string | null;

  @Field(() => GraphQLISODateTime)
  requestedAt!: Date;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;
}

export enum QrLoginStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(QrLoginStatus, { name: 'QrLoginStatus' });

@ObjectType()
export class QrLoginUpdate {
  @Field(() => QrLoginStatus)
  status!: QrLoginStatus;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt?: Date | null;

  @Field(() => SessionTokens, { nullable: true, description: "This channel's own session, once approved." })
  session?: SessionTokens | null;
}

@ObjectType({ description: "A customer's consent for a partner to act for them." })
export class PartnerConsent {
  @Field(() => ID, { description: 'Give this to the partner; it exchanges it for an access token.' })
  id!: string;

  @Field(() => String)
  partnerId!: string;

  @Field(() => String)
  partnerName!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => GraphQLISODateTime)
  grantedAt!: Date;
}

@ObjectType()
export class PartnerAccessToken {
  @Field(() => String)
  accessToken!: string;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;

  @Field(() => [String])
  scopes!: string[];
}

@ObjectType()
export class SigningKey {
  @Field(() => ID)
  kid!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType()
export class LogoutEverywhereResult {
  @Field(() => Int, { description: 'Sessions ended.' })
  sessionsEnded!: number;
}
