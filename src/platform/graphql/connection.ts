import { Field, ObjectType } from 'type-graphql';

/** Where a page of a cursor connection ends (Relay's PageInfo), shared by every connection. */
@ObjectType({ description: 'Where a page of a connection ends: pass `endCursor` as `after` for the next page.', simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when another page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge on this page; null on an empty page.' })
  endCursor!: string | null;
}
