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
    "fragment Tokens on SessionTokens {\n  sessionId\n  accessToken\n  accessTokenExpiresAt\n  refreshToken\n  refreshTokenExpiresAt\n}\n\nmutation StaffLogin($username: String!, $password: String!) {\n  staffLogin(username: $username, password: $password) {\n    ...Tokens\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...Tokens\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nquery QrLoginRequest($id: ID!) {\n  qrLoginRequest(id: $id) {\n    id\n    channel\n    requestedFrom\n    requestedAt\n    expiresAt\n  }\n}": typeof types.TokensFragmentDoc,
    "fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery StaffCustomerView($id: ID!) {\n  customer(id: $id) {\n    id\n    profile {\n      ...ProfileFields\n    }\n    accounts {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n    creditProfile {\n      score\n      thinFile\n    }\n    riskProfile {\n      rating\n      score\n      amlStatus\n      watchlistHits {\n        list\n        matchScore\n        reason\n      }\n      litigation {\n        caseId\n        status\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": typeof types.ProfileFieldsFragmentDoc,
    "fragment AccountOpeningFields on AccountOpening {\n  id\n  kind\n  currency\n  status\n  message\n  accountId\n  prefill {\n    fullName\n    idNumber\n    phone\n    address {\n      line1\n      city\n      province\n      postalCode\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nquery AccountOpening($id: ID!) {\n  accountOpening(id: $id) {\n    ...AccountOpeningFields\n  }\n}\n\nquery AccountOpeningReviewQueue($first: Int! = 20, $after: String) {\n  accountOpeningReviewQueue(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nmutation ReviewAccountOpening($id: ID!, $approve: Boolean!, $reason: String!) {\n  reviewAccountOpening(id: $id, approve: $approve, reason: $reason) {\n    ...AccountOpeningFields\n  }\n}": typeof types.AccountOpeningFieldsFragmentDoc,
    "query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}": typeof types.ProductsDocument,
    "subscription ServerTime {\n  serverTime\n}": typeof types.ServerTimeDocument,
};
const documents: Documents = {
    "fragment Tokens on SessionTokens {\n  sessionId\n  accessToken\n  accessTokenExpiresAt\n  refreshToken\n  refreshTokenExpiresAt\n}\n\nmutation StaffLogin($username: String!, $password: String!) {\n  staffLogin(username: $username, password: $password) {\n    ...Tokens\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...Tokens\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nquery QrLoginRequest($id: ID!) {\n  qrLoginRequest(id: $id) {\n    id\n    channel\n    requestedFrom\n    requestedAt\n    expiresAt\n  }\n}": types.TokensFragmentDoc,
    "fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery StaffCustomerView($id: ID!) {\n  customer(id: $id) {\n    id\n    profile {\n      ...ProfileFields\n    }\n    accounts {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n    creditProfile {\n      score\n      thinFile\n    }\n    riskProfile {\n      rating\n      score\n      amlStatus\n      watchlistHits {\n        list\n        matchScore\n        reason\n      }\n      litigation {\n        caseId\n        status\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": types.ProfileFieldsFragmentDoc,
    "fragment AccountOpeningFields on AccountOpening {\n  id\n  kind\n  currency\n  status\n  message\n  accountId\n  prefill {\n    fullName\n    idNumber\n    phone\n    address {\n      line1\n      city\n      province\n      postalCode\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nquery AccountOpening($id: ID!) {\n  accountOpening(id: $id) {\n    ...AccountOpeningFields\n  }\n}\n\nquery AccountOpeningReviewQueue($first: Int! = 20, $after: String) {\n  accountOpeningReviewQueue(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nmutation ReviewAccountOpening($id: ID!, $approve: Boolean!, $reason: String!) {\n  reviewAccountOpening(id: $id, approve: $approve, reason: $reason) {\n    ...AccountOpeningFields\n  }\n}": types.AccountOpeningFieldsFragmentDoc,
    "query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}": types.ProductsDocument,
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
export function graphql(source: "fragment Tokens on SessionTokens {\n  sessionId\n  accessToken\n  accessTokenExpiresAt\n  refreshToken\n  refreshTokenExpiresAt\n}\n\nmutation StaffLogin($username: String!, $password: String!) {\n  staffLogin(username: $username, password: $password) {\n    ...Tokens\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...Tokens\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nquery QrLoginRequest($id: ID!) {\n  qrLoginRequest(id: $id) {\n    id\n    channel\n    requestedFrom\n    requestedAt\n    expiresAt\n  }\n}"): (typeof documents)["fragment Tokens on SessionTokens {\n  sessionId\n  accessToken\n  accessTokenExpiresAt\n  refreshToken\n  refreshTokenExpiresAt\n}\n\nmutation StaffLogin($username: String!, $password: String!) {\n  staffLogin(username: $username, password: $password) {\n    ...Tokens\n  }\n}\n\nmutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...Tokens\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nquery QrLoginRequest($id: ID!) {\n  qrLoginRequest(id: $id) {\n    id\n    channel\n    requestedFrom\n    requestedAt\n    expiresAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery StaffCustomerView($id: ID!) {\n  customer(id: $id) {\n    id\n    profile {\n      ...ProfileFields\n    }\n    accounts {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n    creditProfile {\n      score\n      thinFile\n    }\n    riskProfile {\n      rating\n      score\n      amlStatus\n      watchlistHits {\n        list\n        matchScore\n        reason\n      }\n      litigation {\n        caseId\n        status\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"): (typeof documents)["fragment ProfileFields on CustomerProfile {\n  fullName\n  phone\n  email\n  idNumber\n  dateOfBirth\n  address {\n    line1\n    city\n    province\n    postalCode\n  }\n  segment\n  customerSince\n  masked\n}\n\nfragment AccountFields on Account {\n  id\n  accountNumber\n  kind\n  currency\n  balance {\n    amount\n    currency\n  }\n  available {\n    amount\n    currency\n  }\n  status\n  openedAt\n}\n\nquery StaffCustomerView($id: ID!) {\n  customer(id: $id) {\n    id\n    profile {\n      ...ProfileFields\n    }\n    accounts {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n    creditProfile {\n      score\n      thinFile\n    }\n    riskProfile {\n      rating\n      score\n      amlStatus\n      watchlistHits {\n        list\n        matchScore\n        reason\n      }\n      litigation {\n        caseId\n        status\n        amount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AccountOpeningFields on AccountOpening {\n  id\n  kind\n  currency\n  status\n  message\n  accountId\n  prefill {\n    fullName\n    idNumber\n    phone\n    address {\n      line1\n      city\n      province\n      postalCode\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nquery AccountOpening($id: ID!) {\n  accountOpening(id: $id) {\n    ...AccountOpeningFields\n  }\n}\n\nquery AccountOpeningReviewQueue($first: Int! = 20, $after: String) {\n  accountOpeningReviewQueue(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nmutation ReviewAccountOpening($id: ID!, $approve: Boolean!, $reason: String!) {\n  reviewAccountOpening(id: $id, approve: $approve, reason: $reason) {\n    ...AccountOpeningFields\n  }\n}"): (typeof documents)["fragment AccountOpeningFields on AccountOpening {\n  id\n  kind\n  currency\n  status\n  message\n  accountId\n  prefill {\n    fullName\n    idNumber\n    phone\n    address {\n      line1\n      city\n      province\n      postalCode\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nquery AccountOpening($id: ID!) {\n  accountOpening(id: $id) {\n    ...AccountOpeningFields\n  }\n}\n\nquery AccountOpeningReviewQueue($first: Int! = 20, $after: String) {\n  accountOpeningReviewQueue(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n    }\n    nodes {\n      id\n      status\n    }\n  }\n}\n\nmutation ReviewAccountOpening($id: ID!, $approve: Boolean!, $reason: String!) {\n  reviewAccountOpening(id: $id, approve: $approve, reason: $reason) {\n    ...AccountOpeningFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}"): (typeof documents)["query Products($kind: ProductKind) {\n  products(kind: $kind) {\n    code\n    name\n    kind\n    description\n    currency\n    minAmount {\n      amount\n      currency\n    }\n    maxAmount {\n      amount\n      currency\n    }\n    minTermMonths\n    maxTermMonths\n    annualRate\n    autoDecision\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ServerTime {\n  serverTime\n}"): (typeof documents)["subscription ServerTime {\n  serverTime\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;