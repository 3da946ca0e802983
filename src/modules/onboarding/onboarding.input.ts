import { Field, InputType } from 'type-graphql';

@InputType({ description: 'The applicant as they confirm it, with a selfie captured by the channel.' })
export class SubmitAccountOpeningInput {
  @Field(() => String, { description: 'Full legal name, 1-100 characters; must be the one the bank holds for you.' })
  fullName!: string;

  @Field(() => String, { description: 'The 18-character resident identity number; must be the one the bank holds for you.' })
  idNumber!: string;

  @Field(() => String, { description: "The channel's token for the captured selfie." })
  selfieToken!: string;
}
