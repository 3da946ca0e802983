/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery MyProfile {\n  me {\n    id\n    profile {\n      ...ProfileFields\n    }\n  }\n}\n\nquery MyAccounts {\n  me {\n    id\n    accounts {\n      ...AccountFields\n    }\n  }\n}": typeof types.ProfileFieldsFragmentDoc,
    "fragment LoanFields on LoanApplication {\n  id\n  productCode\n  amount {\n    amount\n    currency\n  }\n  termMonths\n  status\n  seq\n  reasons {\n    code\n    message\n  }\n  approvedTerms {\n    amount {\n      amount\n      currency\n    }\n    annualRate\n    monthlyPayment {\n      amount\n      currency\n    }\n    termMonths\n  }\n  requestedDocuments\n  inReview\n  documents {\n    kind\n    fileName\n    contentType\n    sizeBytes\n    sha256\n  }\n}\n\nmutation ApplyForLoan($input: LoanApplicationInput!, $idempotencyKey: String!) {\n  applyForLoan(input: $input, idempotencyKey: $idempotencyKey) {\n    ...LoanFields\n  }\n}\n\nquery LoanApplication($id: ID!) {\n  loanApplication(id: $id) {\n    ...LoanFields\n  }\n}\n\nquery MyLoanApplications($first: Int! = 20, $after: String) {\n  myLoanApplications(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nsubscription LoanApplicationUpdated($id: ID!, $afterSeq: Int) {\n  loanApplicationUpdated(id: $id, afterSeq: $afterSeq) {\n    applicationId\n    seq\n    type\n    status\n    reason\n    actor\n    occurredAt\n  }\n}": typeof types.LoanFieldsFragmentDoc,
    "query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}\n\nquery ProductCodes {\n  products {\n    code\n  }\n}": typeof types.ProductsDocument,
    "subscription ServerTime {\n  serverTime\n}": typeof types.ServerTimeDocument,
};
const documents: Documents = {
    "fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery MyProfile {\n  me {\n    id\n    profile {\n      ...ProfileFields\n    }\n  }\n}\n\nquery MyAccounts {\n  me {\n    id\n    accounts {\n      ...AccountFields\n    }\n  }\n}": types.ProfileFieldsFragmentDoc,
    "fragment LoanFields on LoanApplication {\n  id\n  productCode\n  amount {\n    amount\n    currency\n  }\n  termMonths\n  status\n  seq\n  reasons {\n    code\n    message\n  }\n  approvedTerms {\n    amount {\n      amount\n      currency\n    }\n    annualRate\n    monthlyPayment {\n      amount\n      currency\n    }\n    termMonths\n  }\n  requestedDocuments\n  inReview\n  documents {\n    kind\n    fileName\n    contentType\n    sizeBytes\n    sha256\n  }\n}\n\nmutation ApplyForLoan($input: LoanApplicationInput!, $idempotencyKey: String!) {\n  applyForLoan(input: $input, idempotencyKey: $idempotencyKey) {\n    ...LoanFields\n  }\n}\n\nquery LoanApplication($id: ID!) {\n  loanApplication(id: $id) {\n    ...LoanFields\n  }\n}\n\nquery MyLoanApplications($first: Int! = 20, $after: String) {\n  myLoanApplications(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nsubscription LoanApplicationUpdated($id: ID!, $afterSeq: Int) {\n  loanApplicationUpdated(id: $id, afterSeq: $afterSeq) {\n    applicationId\n    seq\n    type\n    status\n    reason\n    actor\n    occurredAt\n  }\n}": types.LoanFieldsFragmentDoc,
    "query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}\n\nquery ProductCodes {\n  products {\n    code\n  }\n}": types.ProductsDocument,
    "subscription ServerTime {\n  serverTime\n}": types.ServerTimeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery MyProfile {\n  me {\n    id\n    profile {\n      ...ProfileFields\n    }\n  }\n}\n\nquery MyAccounts {\n  me {\n    id\n    accounts {\n      ...AccountFields\n    }\n  }\n}"): (typeof documents)["fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery MyProfile {\n  me {\n    id\n    profile {\n      ...ProfileFields\n    }\n  }\n}\n\nquery MyAccounts {\n  me {\n    id\n    accounts {\n      ...AccountFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment LoanFields on LoanApplication {\n  id\n  productCode\n  amount {\n    amount\n    currency\n  }\n  termMonths\n  status\n  seq\n  reasons {\n    code\n    message\n  }\n  approvedTerms {\n    amount {\n      amount\n      currency\n    }\n    annualRate\n    monthlyPayment {\n      amount\n      currency\n    }\n    termMonths\n  }\n  requestedDocuments\n  inReview\n  documents {\n    kind\n    fileName\n    contentType\n    sizeBytes\n    sha256\n  }\n}\n\nmutation ApplyForLoan($input: LoanApplicationInput!, $idempotencyKey: String!) {\n  applyForLoan(input: $input, idempotencyKey: $idempotencyKey) {\n    ...LoanFields\n  }\n}\n\nquery LoanApplication($id: ID!) {\n  loanApplication(id: $id) {\n    ...LoanFields\n  }\n}\n\nquery MyLoanApplications($first: Int! = 20, $after: String) {\n  myLoanApplications(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nsubscription LoanApplicationUpdated($id: ID!, $afterSeq: Int) {\n  loanApplicationUpdated(id: $id, afterSeq: $afterSeq) {\n    applicationId\n    seq\n    type\n    status\n    reason\n    actor\n    occurredAt\n  }\n}"): (typeof documents)["fragment LoanFields on LoanApplication {\n  id\n  productCode\n  amount {\n    amount\n    currency\n  }\n  termMonths\n  status\n  seq\n  reasons {\n    code\n    message\n  }\n  approvedTerms {\n    amount {\n      amount\n      currency\n    }\n    annualRate\n    monthlyPayment {\n      amount\n      currency\n    }\n    termMonths\n  }\n  requestedDocuments\n  inReview\n  documents {\n    kind\n    fileName\n    contentType\n    sizeBytes\n    sha256\n  }\n}\n\nmutation ApplyForLoan($input: LoanApplicationInput!, $idempotencyKey: String!) {\n  applyForLoan(input: $input, idempotencyKey: $idempotencyKey) {\n    ...LoanFields\n  }\n}\n\nquery LoanApplication($id: ID!) {\n  loanApplication(id: $id) {\n    ...LoanFields\n  }\n}\n\nquery MyLoanApplications($first: Int! = 20, $after: String) {\n  myLoanApplications(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nsubscription LoanApplicationUpdated($id: ID!, $afterSeq: Int) {\n  loanApplicationUpdated(id: $id, afterSeq: $afterSeq) {\n    applicationId\n    seq\n    type\n    status\n    reason\n    actor\n    occurredAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}\n\nquery ProductCodes {\n  products {\n    code\n  }\n}"): (typeof documents)["query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}\n\nquery ProductCodes {\n  products {\n    code\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ServerTime {\n  serverTime\n}"): (typeof documents)["subscription ServerTime {\n  serverTime\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;