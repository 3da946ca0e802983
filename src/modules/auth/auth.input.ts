import { Field, InputType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches } from 'class-validator';

export enum PasswordChannel {
  APP = 'APP',
  WEB = 'WEB',
}
registerEnumType(PasswordChannel, {
  name: 'PasswordChannel',
  description: 'Channels with a password login.',
  valuesConfig: {
    APP: { description: 'The mobile banking app.' },
    WEB: { description: 'Web banking in a browser.' },
  },
});

@InputType({ description: 'A password login on APP or WEB.' })
export class LoginInput {
  @Field(() => String, { description: "The customer's login name (1-64 characters)." })
  @Length(1, 64)
  username!: string;

  @Field(() => String, { description: "The customer's password (1-256 characters). Wrong username or password: INVALID_CREDENTIALS." })
  @Length(1, 256)
  password!: string;

  @Field(() => PasswordChannel, { description: 'The channel logging in: APP or WEB.' })
  channel!: PasswordChannel;

  @Field(() => String, { description: 'Stable id of the app install or browser; a new one needs a one-time code.' })
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, { message: 'deviceId must be 8-128 letters, digits or ._:-' })
  deviceId!: string;
}

@InputType({ description: 'A mini-program login: the platform code, plus username and password the first time to link the customer.' })
export class MiniProgramLoginInput {
  @Field(() => String, { description: "The platform's login code (wx.login or similar)." })
  @Length(1, 256)
  code!: string;

  @Field(() => String, { nullable: true, description: 'First login only: the customer to link this mini-program user to.' })
  @IsOptional()
  @Length(1, 64)
  username?: string | null;

  @Field(() => String, { nullable: true, description: "First login only, with username: the customer's password (a one-time code alone never links)." })
  @IsOptional()
  @Length(1, 256)
  password?: string | null;
}

@InputType({ description: "A partner's client credentials and the customer's consent it acts under." })
export class PartnerAccessTokenInput {
  @Field(() => String, { description: "The partner's client id." })
  @Length(1, 64)
  clientId!: string;

  @Field(() => String, { description: "The partner's client secret. Wrong: INVALID_CLIENT." })
  @Length(1, 256)
  clientSecret!: string;

  @Field(() => String, { description: "The consent id the customer's app gave the partner." })
  @Length(1, 64)
  consentId!: string;

  @Field(() => [String], { nullable: true, description: 'A subset of the consented scopes; all of them when omitted.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  scopes?: string[] | null;
}
