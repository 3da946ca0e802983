import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../platform/graphql/connection.js';

@ObjectType('AuditEntry', { description: 'One entry of the tamper-evident audit trail.' })
export class AuditEntryNode {
  @Field(() => Int, { description: '1, 2, 3 … with no holes, in commit order.' })
  seq!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the audited action was committed (ISO-8601, UTC).' })
  at!: Date;

  @Field(() => String, { description: '`customer:C000001`, `staff:S0006`, `system` or `anonymous`.' })
  actor!: string;

  @Field(() => String, { description: 'E.g. LOGIN_SUCCEEDED, CONSENT_GRANTED, LOAN_DECIDED.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'What it is about, e.g. `loan:<id>`.' })
  subject!: string | null;

  @Field(() => String, { description: 'The recorded facts as canonical JSON (keys sorted).' })
  detail!: string;

  @Field(() => String, { description: "The previous entry's hash (64 zeros for seq 1)." })
  prevHash!: string;

  @Field(() => String, { description: 'sha256 hex of [seq, at, actor, action, subject, detail, prevHash] as canonical JSON.' })
  hash!: string;
}

@ObjectType({ description: 'One audit entry in a page, with its cursor.' })
export class AuditEntryEdge {
  @Field(() => String, { description: "The entry's seq; pass it back as `afterSeq`." })
  cursor!: string;

  @Field(() => AuditEntryNode, { description: 'The audit entry.' })
  node!: AuditEntryNode;
}

@ObjectType({ description: 'Audit entries, oldest first (ascending seq).' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'This page of entries, oldest first.' })
  edges!: AuditEntryEdge[];

  @Field(() => PageInfo, { description: '`endCursor` is the last seq on the page, as a string.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'The result of verifying the whole audit chain from seq 1.' })
export class AuditChainReport {
  @Field(() => Boolean, { description: "True when every entry's hash and link verify." })
  ok!: boolean;

  @Field(() => Int, { description: 'Entries verified; 0 when the chain is broken.' })
  checked!: number;

  @Field(() => Int, { nullable: true, description: 'The first entry whose link is broken.' })
  brokenAtSeq!: number | null;

  @Field(() => String, { nullable: true, description: 'HASH_MISMATCH, PREV_HASH_MISMATCH or SEQ_GAP.' })
  reason!: string | null;
}
