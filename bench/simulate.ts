/**
 * A simulated branch week: `npm run simulate -- --customers 500 --days 7`.
 *
 * Drives a gateway over the wire (HTTP /graphql and graphql-ws) with a seeded mix of channels —
 * customers on APP, WEB, MINI_PROGRAM, through a PARTNER mini-program and at a BRANCH counter —
 * and staff doing their part (reviewers deciding loans, a risk officer acknowledging and resolving
 * alerts and reviewing account openings, a feedback officer answering, a teller serving counter
 * templates), then prints the process-health table and writes each day's operations report.
 *
 * Time. By default the simulation starts its own gateway in this process on an in-memory PGlite
 * database with the mock backends, and replaces `Date` with a simulated clock (bench/sim-clock.ts)
 * that a discrete-event scheduler moves forward: the week runs in minutes, and every timestamp the
 * gateway writes — its own and PGlite's `now()` — is simulated time. With `--url` of a running
 * gateway nothing can move its clock: the days are compressed into real time (all activity lands
 * "now"), so the indicators are right but the daily series and reports show one day.
 *
 * Options: --customers N (500) --days D (7) --seed S (42) --concurrency C (8) --out DIR (a temp dir)
 *          --url http://host:port/graphql --mocks http://127.0.0.1:4100 (with --url: the mock
 *          backends' first port; the simulation reads one-time codes and customer records there).
 * With --url the gateway needs DEMO_GENERATED_CUSTOMERS ≥ N (and SEED_DEMO) and raised rate limits.
 */
import { simulatedClock, verifyDatabaseClock } from './sim-clock.js';

simulatedClock.install();

import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

// ---------------------------------------------------------------------------------------------
// Options

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '500' },
    days: { type: 'string', default: '7' },
    seed: { type: 'string', default: '42' },
    concurrency: { type: 'string', default: '8' },
    out: { type: 'string' },
    url: { type: 'string' },
    mocks: { type: 'string', default: 'http://127.0.0.1:4100' },
    quiet: { type: 'boolean', default: false },
  },
});
const CUSTOMERS = Number(args.customers);
const DAYS = Number(args.days);
const SEED = Number(args.seed);
const CONCURRENCY = Math.max(1, Number(args.concurrency));
if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 1 || CUSTOMERS > 5000) throw new Error('--customers must be 1–5000');
if (!Number.isInteger(DAYS) || DAYS < 1 || DAYS > 60) throw new Error('--days must be 1–60');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The bank's time zone (REPORT_TIME_ZONE default): working hours and report days are local. */
const LOCAL_OFFSET = 8 * HOUR;
const DEMO_PASSWORD = 'demo-Passw0rd';
const STAFF_PASSWORD = 'staff-Passw0rd';

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32)

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    weighted: <T extends string>(weights: Record<T, number>): T => {
      const total = Object.values<number>(weights).reduce((s, w) => s + w, 0);
      let x = next() * total;
      for (const [k, w] of Object.entries<number>(weights)) if ((x -= w) < 0) return k as T;
      return Object.keys(weights)[0] as T;
    },
  };
}
const random = rng(SEED);
let keys = 0;
const key = (prefix: string) => `sim-${SEED}-${prefix}-${keys++}`;

// ---------------------------------------------------------------------------------------------
// The gateway: started here (simulated clock) or given by --url (real time)

interface Target {
  url: string;
  wsUrl: string;
  crm: string;
  identity: string;
  simulatedTime: boolean;
  close: () => Promise<void>;
}

/** Local midnight of the first simulated day: `DAYS` days before today's local midnight. */
const realNow = Date.now();
const todayLocal = Math.floor((realNow + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET;
const START = todayLocal - DAYS * DAY;
const END = todayLocal;

async function startTarget(): Promise<Target> {
  if (args.url) {
    const base = new URL(args.mocks);
    const port = (offset: number) => `${base.protocol}//${base.hostname}:${Number(base.port) + offset}`;
    return {
      url: args.url,
      wsUrl: args.url.replace(/^http/, 'ws'),
      crm: port(1),
      identity: port(4),
      simulatedTime: false,
      close: async () => {},
    };
  }
  simulatedClock.set(START);
  const { loadConfig } = await import('../src/platform/config.js');
  const { startGateway } = await import('../src/app.js');
  const { sql } = await import('drizzle-orm');
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: 'memory://',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'true',
    DEMO_GENERATED_CUSTOMERS: String(CUSTOMERS),
    // One client address for a whole town of customers: the per-address and per-viewer caps are raised.
    OTP_SENDS_PER_HOUR: '100000',
    OTP_GUESSES_PER_HOUR: '100000',
    OTP_PER_ADDRESS_PER_HOUR: '1000000',
    QR_STARTS_PER_ADDRESS_PER_MINUTE: '100000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_BURST: '1000000',
    BACKEND_TIMEOUT_MS: '5000',
    BACKEND_OUTCOME_FLUSH_MS: '1000',
    FEEDBACK_ESCALATION_INTERVAL_MS: '2000',
    WITHDRAWAL_FEED_POLL_MS: '5000',
    REQUEST_BUDGET_MUTATION_MS: '20000',
    REQUEST_BUDGET_QUERY_MS: '10000',
  });
  const gateway = await startGateway(config);
  await verifyDatabaseClock(async (text) => gateway.database.db.execute(sql.raw(text)) as unknown as Promise<{ rows: unknown[] }>);
  return {
    url: gateway.url,
    wsUrl: gateway.wsUrl,
    crm: gateway.backendUrls.crm,
    identity: gateway.backendUrls.identity,
    simulatedTime: true,
    close: async () => {
      await gateway.backendOutcomes.flush();
      await gateway.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Over the wire

const stats = { requests: 0, errors: new Map<string, number>(), flows: new Map<string, number>() };
const count = (map: Map<string, number>, k: string) => map.set(k, (map.get(k) ?? 0) + 1);

interface Answer<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let target: Target;

async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, documentId?: string): Promise<Answer<T>> {
  stats.requests += 1;
  const t0 = performance.now();
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify(documentId ? { documentId, variables } : { query, variables }),
  });
  const body = (await response.json()) as Answer<T>;
  if (process.env.SIM_DEBUG && performance.now() - t0 > 200) process.stderr.write(`\nslow ${Math.round(performance.now() - t0)} ms: ${(query || documentId || '').slice(0, 60)}\n`);
  for (const e of body.errors ?? []) count(stats.errors, e.extensions?.code ?? 'UNKNOWN');
  return body;
}

const bearer = (token: string, channel: string) => ({ authorization: `Bearer ${token}`, 'x-channel': channel });

/** The newest one-time code the identity mock "sent" to this phone. */
async function otpFor(phone: string): Promise<string | null> {
  const response = await fetch(`${target.identity}/__admin/messages?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { code: string }[] };
  return messages[0]?.code ?? null;
}

/** A trusted document's hash by operation name (partners may run nothing else). */
const trusted = new Map<string, string>();
function loadTrustedDocuments() {
  const manifest = JSON.parse(readFileSync(new URL('../schema/trusted-documents.json', import.meta.url), 'utf8')) as Record<string, { document: string; channels: string[] }>;
  for (const [hash, entry] of Object.entries(manifest)) {
    const name = /(?:query|mutation|subscription) (\w+)/.exec(entry.document)?.[1];
    if (name && entry.channels.includes('PARTNER')) trusted.set(name, hash);
  }
}

// ---------------------------------------------------------------------------------------------
// Documents

const TOKENS = 'accessToken refreshToken';
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on SignedIn { tokens { ${TOKENS} } } ... on OtpRequired { challenge { challengeId } } } }`;
const MINI_LOGIN = `mutation($input: MiniProgramLoginInput!) { miniProgramLogin(input: $input) { __typename ... on SignedIn { tokens { ${TOKENS} } } ... on OtpRequired { challenge { challengeId } } } }`;
const REQUEST_OTP = 'mutation($challengeId: ID!) { requestLoginOtp(challengeId: $challengeId) { sentTo } }';
const VERIFY_OTP = `mutation($challengeId: ID!, $code: String!) { verifyLoginOtp(challengeId: $challengeId, code: $code) { ${TOKENS} } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${TOKENS} } }`;
const STAFF_LOGIN = `mutation($username: String!, $password: String!) { staffLogin(username: $username, password: $password) { ${TOKENS} } }`;
const MY_ACCOUNTS = 'query { me { id accounts { id status currency available { amount } } } }';
const MY_VIEW = 'query { me { id profile { fullName segment } accounts { id } } }';
const APPLY = 'mutation($input: LoanApplicationInput!, $idempotencyKey: String!) { applyForLoan(input: $input, idempotencyKey: $idempotencyKey) { id status } }';
const LOAN_UPDATES = 'subscription($id: ID!, $afterSeq: Int) { loanApplicationUpdated(id: $id, afterSeq: $afterSeq) { seq type status } }';
const SUBMIT_TRANSFER = 'mutation($input: TransferInput!, $idempotencyKey: String!) { submitTransfer(input: $input, idempotencyKey: $idempotencyKey) { id status } }';
const CONFIRM_TRANSFER = 'mutation($id: ID!, $code: String!) { confirmTransfer(id: $id, code: $code) { id status } }';
const START_OPENING = 'mutation($kind: AccountOpeningKind!, $currency: String!, $idempotencyKey: String!) { startAccountOpening(kind: $kind, currency: $currency, idempotencyKey: $idempotencyKey) { id status } }';
const SUBMIT_OPENING = 'mutation($id: ID!, $input: SubmitAccountOpeningInput!) { submitAccountOpening(id: $id, input: $input) { id status } }';
const OPENING = 'query($id: ID!) { accountOpening(id: $id) { id status } }';
const RATE = 'mutation($input: RateExperienceInput!) { rateExperience(input: $input) { id } }';
const SUBMIT_FEEDBACK = 'mutation($input: SubmitFeedbackInput!, $idempotencyKey: String!) { submitFeedback(input: $input, idempotencyKey: $idempotencyKey) { id status } }';
const START_SERVICE = 'mutation($templateCode: String!, $idempotencyKey: String!, $customerId: String, $terminal: TerminalCredentialsInput) { startServiceRequest(templateCode: $templateCode, idempotencyKey: $idempotencyKey, customerId: $customerId, terminal: $terminal) { id status } }';
const VERIFY_SERVICE = 'mutation($id: ID!, $code: String, $idDocumentNumber: String, $terminal: TerminalCredentialsInput) { verifyServiceIdentity(id: $id, code: $code, idDocumentNumber: $idDocumentNumber, terminal: $terminal) { status } }';
const UPDATE_SERVICE = 'mutation($id: ID!, $fields: [ServiceFieldInput!]!, $terminal: TerminalCredentialsInput) { updateServiceRequest(id: $id, fields: $fields, terminal: $terminal) { status } }';
const CONFIRM_SERVICE = 'mutation($id: ID!, $idempotencyKey: String!, $terminal: TerminalCredentialsInput) { confirmServiceRequest(id: $id, idempotencyKey: $idempotencyKey, terminal: $terminal) { status } }';
const REGISTER_TERMINAL = 'mutation($branchId: String!, $label: String!) { registerBranchTerminal(branchId: $branchId, label: $label) { terminalId secret } }';
const GRANT_CONSENT = 'mutation($partnerId: String!, $scopes: [String!]!) { grantPartnerConsent(partnerId: $partnerId, scopes: $scopes) { id } }';
const PARTNER_TOKEN = 'mutation($input: PartnerAccessTokenInput!) { partnerAccessToken(input: $input) { accessToken } }';
const REVIEW_QUEUE = 'query { loanReviewQueue(first: 20) { nodes { id status inReview } } }';
const CLAIM_LOAN = 'mutation($id: ID!) { claimLoanApplication(id: $id) { id status } }';
const DECIDE_LOAN = 'mutation($id: ID!, $approve: Boolean!, $reason: String!) { decideLoanApplication(id: $id, approve: $approve, reason: $reason) { id status } }';
const ALERTS = 'query { riskAlerts(first: 100) { edges { node { id status } } } }';
const ACK_ALERT = 'mutation($id: ID!) { acknowledgeRiskAlert(id: $id) { id status } }';
const RESOLVE_ALERT = 'mutation($id: ID!, $resolution: String!) { resolveRiskAlert(id: $id, resolution: $resolution) { id status } }';
const OPENING_QUEUE = 'query { accountOpeningReviewQueue(first: 20) { nodes { id status } } }';
const REVIEW_OPENING = 'mutation($id: ID!, $approve: Boolean!, $reason: String!) { reviewAccountOpening(id: $id, approve: $approve, reason: $reason) { id status } }';
const FEEDBACK_QUEUE = 'query { feedbackQueue(status: [OPEN, ESCALATED], orderBy: DUE_AT, first: 20) { nodes { id status } } }';
const CLAIM_FEEDBACK = 'mutation($id: ID!) { claimFeedback(id: $id) { id status } }';
const RESPOND_FEEDBACK = 'mutation($id: ID!, $message: String!) { respondToFeedback(id: $id, message: $message) { id status } }';
const RESOLVE_FEEDBACK = 'mutation($id: ID!, $note: String) { resolveFeedback(id: $id, note: $note) { id status } }';
const HEALTH = 'query($from: DateTimeISO!, $to: DateTimeISO!) { processHealth(from: $from, to: $to, granularity: DAY) { asOf indicators { id dimension unit value sample target targetDirection status noDataReason breakdown { key value sample } } } }';
const DAILY_REPORT = `query($date: String!) { operationsDailyReport(date: $date) { date timeZone from to asOf
  volumes { loansByChannel { key count } loansByProduct { key count } transfersByChannel { key count } openingsByKind { key count } } } }`;

// ---------------------------------------------------------------------------------------------
// The town: customers, their devices and sessions

interface Customer {
  id: string;
  username: string;
  phone: string;
  idNumber: string;
  fullName: string;
  /** Refresh tokens per channel (a known device signs in without a code). */
  refresh: Map<string, string>;
  consentId?: string;
  loans: string[];
  /** Whether the customer allows marketing offers; decided at their first online visit. */
  marketing?: boolean;
}

const customers: Customer[] = [];

async function loadCustomers(): Promise<void> {
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `C${100_000 + i}`);
  for (let i = 0; i < ids.length; i += 50) {
    const response = await fetch(`${target.crm}/customers:batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerIds: ids.slice(i, i + 50) }) });
    const { results } = (await response.json()) as { results: ({ customerId: string; phone: string; idNumber: string; fullName: string } | null)[] };
    for (const r of results) if (r) customers.push({ id: r.customerId, username: `sim.c${r.customerId.slice(1)}`, phone: r.phone, idNumber: r.idNumber, fullName: r.fullName, refresh: new Map(), loans: [] });
  }
}

/** Signs a customer in on APP or WEB (a password, a code on a new device; a refresh on a known one). */
async function signIn(c: Customer, channel: 'APP' | 'WEB' | 'MINI_PROGRAM'): Promise<string | null> {
  const known = c.refresh.get(channel);
  if (known && random.chance(0.85)) {
    const refreshed = await gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { refreshToken: known });
    if (refreshed.data?.refreshSession) {
      c.refresh.set(channel, refreshed.data.refreshSession.refreshToken);
      count(stats.flows, 'session refreshed');
      return refreshed.data.refreshSession.accessToken;
    }
  }
  let answer: Answer;
  if (channel === 'MINI_PROGRAM') {
    const code = `mp:${c.id}:${key('code')}`;
    answer = await gql(MINI_LOGIN, { input: known ? { code } : { code, username: c.username, password: DEMO_PASSWORD } });
    if (answer.errors && known) answer = await gql(MINI_LOGIN, { input: { code, username: c.username, password: DEMO_PASSWORD } });
  } else {
    // A mistyped password now and then: the login success rate is not a constant.
    if (random.chance(0.04)) await gql(LOGIN, { input: { username: c.username, password: 'wrong-password', channel, deviceId: `sim-${c.id}-${channel}` } });
    answer = await gql(LOGIN, { input: { username: c.username, password: DEMO_PASSWORD, channel, deviceId: `sim-${c.id}-${channel}` } });
  }
  const result = (answer.data?.login ?? answer.data?.miniProgramLogin) as { __typename: string; tokens?: { accessToken: string; refreshToken: string }; challenge?: { challengeId: string } } | undefined;
  let tokens = result?.tokens;
  if (result?.challenge) {
    const { challengeId } = result.challenge;
    await gql(REQUEST_OTP, { challengeId });
    const code = await otpFor(c.phone);
    if (!code) return null;
    const verified = await gql<{ verifyLoginOtp: { accessToken: string; refreshToken: string } }>(VERIFY_OTP, { challengeId, code });
    tokens = verified.data?.verifyLoginOtp;
  }
  if (!tokens) return null;
  count(stats.flows, `login ${channel}`);
  c.refresh.set(channel, tokens.refreshToken);
  return tokens.accessToken;
}

/** A staff member signs in once; afterwards the session is refreshed (a password check costs ~0.1–0.5 s of CPU). */
const staffSessions = new Map<string, string>();
async function staffToken(username: string): Promise<string | null> {
  const known = staffSessions.get(username);
  if (known) {
    const refreshed = await gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { refreshToken: known });
    if (refreshed.data?.refreshSession) {
      staffSessions.set(username, refreshed.data.refreshSession.refreshToken);
      return refreshed.data.refreshSession.accessToken;
    }
  }
  const answer = await gql<{ staffLogin: { accessToken: string; refreshToken: string } }>(STAFF_LOGIN, { username, password: STAFF_PASSWORD });
  if (answer.data?.staffLogin) staffSessions.set(username, answer.data.staffLogin.refreshToken);
  return answer.data?.staffLogin.accessToken ?? null;
}

// ---------------------------------------------------------------------------------------------
// Behaviour events: the one place they would be sent

let hasTrackEvents = false;
async function detectOptionalApi(): Promise<void> {
  const answer = await gql<{ __type: { fields: { name: string }[] } | null }>('query { __type(name: "Mutation") { fields { name } } }');
  hasTrackEvents = answer.data?.__type?.fields.some((f) => f.name === 'trackEvents') ?? false;
}

const TRACK_EVENTS = 'mutation($events: [BehaviourEventInput!]!) { trackEvents(events: $events) { accepted offersMade } }';
const SET_MARKETING_CONSENT = 'mutation($granted: Boolean!) { setMarketingConsent(granted: $granted) { marketingConsent } }';
const MY_OFFERS = 'query { myOffers { id } }';
const RESPOND_TO_OFFER = 'mutation($id: ID!, $response: OfferResponse!) { respondToOffer(id: $id, response: $response) { status } }';

/**
 * BEHAVIOUR EVENTS, when the gateway has `Mutation.trackEvents`: what the channel reports of a visit
 * (a page view; some customers look at mortgages or use the loan calculator, which the offer rules
 * watch). At the first visit about half of the town allows marketing offers; a customer who finds
 * an open offer answers it (about a third accept).
 */
async function sendBehaviourEvents(headers: Record<string, string>, c: Customer): Promise<void> {
  if (!hasTrackEvents) return;
  if (c.marketing === undefined) {
    c.marketing = random.chance(0.5);
    if (c.marketing) await gql(SET_MARKETING_CONSENT, { granted: true }, headers);
  }
  const events: Record<string, string>[] = [{ kind: 'PAGE_VIEW', detail: '/home' }];
  if (random.chance(0.3)) for (let i = random.int(1, 3); i > 0; i--) events.push({ kind: 'PRODUCT_VIEW', productCode: 'HOME_MORTGAGE' });
  if (random.chance(0.2)) for (let i = random.int(1, 2); i > 0; i--) events.push({ kind: 'CALCULATOR_USE', productCode: 'PERSONAL_CONSUMER' });
  const answer = await gql<{ trackEvents: { accepted: number; offersMade: number } }>(TRACK_EVENTS, { events }, headers);
  if (answer.data) count(stats.flows, 'behaviour events batch');
  if (answer.data?.trackEvents.offersMade) count(stats.flows, 'offer made');
  if (!c.marketing) return;
  const offers = await gql<{ myOffers: { id: string }[] }>(MY_OFFERS, {}, headers);
  for (const offer of offers.data?.myOffers ?? []) {
    const response = random.chance(0.35) ? 'ACCEPTED' : 'DISMISSED';
    const answered = await gql(RESPOND_TO_OFFER, { id: offer.id, response }, headers);
    if (!answered.errors) count(stats.flows, `offer ${response.toLowerCase()}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Flows. Each is an async generator: it makes its requests, and yields the minutes it then waits.

type Flow = AsyncGenerator<number, void, void>;

/**
 * The time flows plan by: the simulated clock, or with --url (whose clock cannot move) the plan's
 * own timeline, walked through without waiting.
 */
let planTime = 0;
const clock = () => (target.simulatedTime ? simulatedClock.now() : planTime);

const TEMPLATES_ONLINE = ['REPORT_LOST_CARD', 'RESET_CARD_PIN', 'ACTIVATE_CARD', 'REQUEST_STATEMENT', 'CHANGE_CONTACT_DETAILS', 'SET_UP_STANDING_ORDER'];
const TEMPLATES_COUNTER = ['REPORT_LOST_CARD', 'RESET_CARD_PIN', 'ACTIVATE_CARD', 'REQUEST_STATEMENT', 'ISSUE_DEPOSIT_CERTIFICATE', 'UPDATE_ID_EXPIRY', 'CHANGE_CONTACT_DETAILS'];

type TemplateSpec = { code: string; identityLevel: string; fields: readonly { name: string; type: string; required: boolean; prefill?: string; options?: readonly string[] }[] };
let templates: TemplateSpec[] = [];

/** A value that passes each required field's checks (accounts are pre-filled). */
function sampleFields(code: string): { name: string; value: string }[] {
  const template = templates.find((t) => t.code === code)!;
  const samples: Record<string, string> = { cardLast4: String(random.int(1000, 9999)), payeeAccountNumber: `62220${random.int(10_000_000, 99_999_999)}123456`.slice(0, 19), dayOfMonth: String(random.int(1, 28)), copies: '1' };
  return template.fields
    .filter((f) => f.required && f.type !== 'OWN_ACCOUNT' && (!f.prefill || f.prefill === 'EARLIER_REQUEST'))
    .map((f) => ({
      name: f.name,
      value:
        samples[f.name] ??
        ({ TEXT: 'Simulated', ENUM: f.options?.[0] ?? '', MONEY: `${random.int(100, 3000)}.00`, DATE: '2027-06-15', PHONE: '13800138000', EMAIL: 'sim@example.com' } as Record<string, string>)[f.type] ??
        '',
    }));
}

/** Customers on a guided visit (see planDay) always rate; others about half the time. */
const guided = new WeakSet<Record<string, string>>();
async function rate(headers: Record<string, string>, flow: string, subjectId: string): Promise<void> {
  if (!guided.has(headers) && !random.chance(0.45)) return;
  // Mostly happy customers, a tail of unhappy ones.
  const csat = random.weighted({ 5: 55, 4: 33, 3: 7, 2: 3, 1: 2 } as Record<string, number>);
  const nps = Math.min(10, Math.max(0, Number(csat) * 2 + random.int(-2, 0)));
  const answer = await gql(RATE, { input: { flow, subjectId, csat: Number(csat), nps } }, headers);
  if (!answer.errors) count(stats.flows, 'rating');
}

async function* loanFlow(c: Customer, headers: Record<string, string>, big = false): Flow {
  // Above 200 000 (LOAN_AUTO_APPROVAL_LIMIT) a reviewer decides; below 500 000 one reviewer is enough.
  const amount = big ? random.int(210, 450) * 1000 : random.chance(0.7) ? random.int(5, 150) * 1000 : random.int(150, 400) * 1000;
  const applied = await gql<{ applyForLoan: { id: string; status: string } }>(
    APPLY,
    { input: { productCode: 'PERSONAL_CONSUMER', amount: `${amount}.00`, currency: 'CNY', termMonths: random.pick([12, 24, 36]), purpose: random.pick(['Home renovation', 'Car purchase', 'Education', 'Travel']) }, idempotencyKey: key('loan') },
    headers,
  );
  const loan = applied.data?.applyForLoan;
  if (!loan) return;
  count(stats.flows, 'loan application');
  c.loans.push(loan.id);
  // The app follows the application live over graphql-ws: the replay of its events so far.
  await followLoan(headers, loan.id);
  if (loan.status === 'APPROVED' || loan.status === 'REJECTED') await rate(headers, 'LOAN_APPLICATION', loan.id);
  yield 0;
}

/** Subscribes to the application's events (replay from 0), reads what is there, and leaves. */
async function followLoan(headers: Record<string, string>, id: string): Promise<void> {
  const client: Client = createClient({ url: target.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: headers.authorization }, lazy: true, retryAttempts: 0 });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      const dispose = client.subscribe(
        { query: LOAN_UPDATES, variables: { id, afterSeq: 0 } },
        {
          next: () => {
            count(stats.flows, 'live event (graphql-ws)');
            clearTimeout(timer);
            dispose();
            resolve();
          },
          error: () => {
            clearTimeout(timer);
            resolve();
          },
          complete: () => {
            clearTimeout(timer);
            resolve();
          },
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

async function* transferFlow(headers: Record<string, string>, c: Customer): Flow {
  const view = await gql<{ me: { accounts: { id: string; status: string; currency: string; available: { amount: string } }[] } }>(MY_ACCOUNTS, {}, headers);
  const from = view.data?.me.accounts.find((a) => a.status === 'ACTIVE' && a.currency === 'CNY' && Number(a.available.amount) > 100);
  if (!from) return;
  const max = Math.min(Number(from.available.amount) * 0.3, 20_000);
  const amount = Math.max(10, Math.round(random.between(10, max) * 100) / 100).toFixed(2);
  const submitted = await gql<{ submitTransfer: { id: string; status: string } }>(
    SUBMIT_TRANSFER,
    { input: { fromAccountId: from.id, payeeAccountNumber: `6222${random.int(100_000_000, 999_999_999)}${random.int(100_000, 999_999)}`, payeeName: random.pick(['Zhang San', 'Li Si', 'Wang Wu', 'Zhao Liu']), amount, currency: 'CNY' }, idempotencyKey: key('tr') },
    headers,
  );
  let transfer = submitted.data?.submitTransfer;
  if (!transfer) return;
  count(stats.flows, 'transfer');
  if (transfer.status === 'PENDING_STEP_UP') {
    yield random.between(0.3, 1.5); // the code arrives, the customer types it
    const code = await otpFor(c.phone);
    if (!code) return;
    transfer = (await gql<{ confirmTransfer: { id: string; status: string } }>(CONFIRM_TRANSFER, { id: transfer.id, code }, headers)).data?.confirmTransfer ?? transfer;
  }
  if (['POSTED', 'REJECTED', 'BLOCKED', 'FAILED'].includes(transfer.status)) await rate(headers, 'TRANSFER', transfer.id);
}

async function* openingFlow(headers: Record<string, string>, c: Customer): Flow {
  const started = await gql<{ startAccountOpening: { id: string } }>(START_OPENING, { kind: random.pick(['CURRENT', 'SAVINGS']), currency: 'CNY', idempotencyKey: key('open') }, headers);
  const id = started.data?.startAccountOpening.id;
  if (!id) return;
  yield random.between(2, 8); // the customer fills in the form and takes a selfie
  const submitted = await gql<{ submitAccountOpening: { status: string } }>(SUBMIT_OPENING, { id, input: { fullName: c.fullName, idNumber: c.idNumber, selfieToken: `selfie-${key('s')}` } }, headers);
  if (!submitted.data) return;
  count(stats.flows, 'account opening');
  yield random.between(1, 3);
  const now = await gql<{ accountOpening: { status: string } }>(OPENING, { id }, headers);
  if (now.data?.accountOpening.status === 'OPENED') await rate(headers, 'ACCOUNT_OPENING', id);
}

async function* selfServiceFlow(headers: Record<string, string>, c: Customer): Flow {
  const code = random.pick(TEMPLATES_ONLINE);
  const started = await gql<{ startServiceRequest: { id: string } }>(START_SERVICE, { templateCode: code, idempotencyKey: key('svc') }, headers);
  const id = started.data?.startServiceRequest.id;
  if (!id) return;
  const level = templates.find((t) => t.code === code)!.identityLevel;
  yield random.between(0.3, 1.5);
  const otp = level === 'OTP' ? await otpFor(c.phone) : null;
  if ((await gql(VERIFY_SERVICE, { id, code: otp }, headers)).errors) return;
  yield random.between(0.5, 3);
  if ((await gql(UPDATE_SERVICE, { id, fields: sampleFields(code) }, headers)).errors) return;
  const confirmed = await gql<{ confirmServiceRequest: { status: string } }>(CONFIRM_SERVICE, { id, idempotencyKey: key('svc-c') }, headers);
  if (confirmed.data?.confirmServiceRequest.status === 'DONE') count(stats.flows, 'service request (self-service)');
}

async function* feedbackFlow(headers: Record<string, string>, c: Customer): Flow {
  const category = random.weighted({ QUESTION: 35, SERVICE_ISSUE: 25, COMPLAINT: 25, PRAISE: 15 });
  const subject = c.loans.length > 0 && random.chance(0.5) ? { subjectKind: 'LOAN_APPLICATION', subjectId: random.pick(c.loans) } : {};
  const answer = await gql(SUBMIT_FEEDBACK, { input: { category, text: `Simulated ${category.toLowerCase()} about the service.`, ...subject }, idempotencyKey: key('fb') }, headers);
  if (!answer.errors) count(stats.flows, 'feedback');
  yield 0;
}

type Activity = 'transfer' | 'loan' | 'bigLoan' | 'service' | 'opening' | 'feedback' | 'browse';

/** One online visit: sign in, look around, maybe do one thing (`planned`: this thing, and rate it). */
async function* onlineSession(c: Customer, channel: 'APP' | 'WEB' | 'MINI_PROGRAM', planned?: Activity): Flow {
  const token = await signIn(c, channel);
  if (!token) return;
  const headers = bearer(token, channel);
  if (planned) guided.add(headers);
  await gql(MY_VIEW, {}, headers);
  count(stats.flows, `view ${channel}`);
  await sendBehaviourEvents(headers, c);
  yield random.between(0.5, 3);
  const what: Activity = planned ?? random.weighted({ transfer: 32, loan: 12, service: 18, opening: 6, feedback: 6, browse: 26 });
  if (what === 'transfer') yield* transferFlow(headers, c);
  else if (what === 'loan' || what === 'bigLoan') yield* loanFlow(c, headers, what === 'bigLoan');
  else if (what === 'service') yield* selfServiceFlow(headers, c);
  else if (what === 'opening') yield* openingFlow(headers, c);
  else if (what === 'feedback') yield* feedbackFlow(headers, c);
}

/** A partner mini-program (travel) reads the customer's profile and accounts with the customer's consent. */
async function* partnerSession(c: Customer): Flow {
  if (!c.consentId) {
    const token = await signIn(c, 'APP');
    if (!token) return;
    const consent = await gql<{ grantPartnerConsent: { id: string } }>(GRANT_CONSENT, { partnerId: 'partner-travel', scopes: ['profile:read', 'accounts:read'] }, bearer(token, 'APP'));
    c.consentId = consent.data?.grantPartnerConsent.id;
    if (!c.consentId) return;
    yield random.between(0.2, 1);
  }
  const issued = await gql<{ partnerAccessToken: { accessToken: string } }>(PARTNER_TOKEN, { input: { clientId: 'partner-travel', clientSecret: 'travel-demo-secret', consentId: c.consentId } });
  const token = issued.data?.partnerAccessToken.accessToken;
  if (!token) return;
  const headers = bearer(token, 'PARTNER');
  await gql('', {}, headers, trusted.get('MyProfile'));
  await gql('', {}, headers, trusted.get('MyAccounts'));
  count(stats.flows, 'view PARTNER');
}

// -- The branch: one teller at a terminal serves a queue of walk-in customers -----------------

const branchQueue: Customer[] = [];
let terminal: { terminalId: string; secret: string } | null = null;

async function* tellerDay(dayStart: number): Flow {
  const open = dayStart + 9 * HOUR;
  const close = dayStart + 17 * HOUR;
  if (clock() < open) yield (open - clock()) / MINUTE;
  let token: string | null = null;
  let tokenAt = 0;
  while (clock() < close) {
    const c = branchQueue.shift();
    if (!c || !terminal) {
      yield random.between(3, 8);
      continue;
    }
    if (!token || clock() - tokenAt > 10 * MINUTE) {
      token = await staffToken('teller.li');
      tokenAt = clock();
      if (!token) return;
    }
    const headers = bearer(token, 'STAFF');
    const code = random.pick(TEMPLATES_COUNTER);
    const started = await gql<{ startServiceRequest: { id: string } }>(START_SERVICE, { templateCode: code, idempotencyKey: key('ctr'), customerId: c.id, terminal }, headers);
    const id = started.data?.startServiceRequest.id;
    if (!id) continue;
    yield random.between(0.4, 2); // the teller checks the ID card
    if ((await gql(VERIFY_SERVICE, { id, idDocumentNumber: c.idNumber, terminal }, headers)).errors) continue;
    yield random.between(0.5, 3.5); // the form on the screen, the customer reads and signs
    if ((await gql(UPDATE_SERVICE, { id, fields: sampleFields(code), terminal }, headers)).errors) continue;
    const confirmed = await gql<{ confirmServiceRequest: { status: string } }>(CONFIRM_SERVICE, { id, idempotencyKey: key('ctr-c'), terminal }, headers);
    if (confirmed.data?.confirmServiceRequest.status === 'DONE') count(stats.flows, 'service request (counter)');
    yield random.between(0.5, 2); // the next customer steps up
  }
}

/** A customer joins the teller's queue. */
async function* walkIn(c: Customer): Flow {
  branchQueue.push(c);
  yield 0;
}

// -- Back office ------------------------------------------------------------------------------

/** A staff routine: every `every` minutes (± a third) between 09:00 and 18:00 local time. */
async function* routine(dayStart: number, everyMinutes: number, work: () => Flow): Flow {
  const open = dayStart + 9 * HOUR + random.between(0, 60) * MINUTE;
  const close = dayStart + 18 * HOUR;
  if (clock() < open) yield (open - clock()) / MINUTE;
  while (clock() < close) {
    yield* work();
    yield everyMinutes * random.between(0.67, 1.33);
  }
}

/** Staff headers renewed when older than 10 simulated minutes (an access token lasts 15). */
function staffDesk(username: string) {
  let headers: Record<string, string> | null = null;
  let at = 0;
  return async (): Promise<Record<string, string> | null> => {
    if (!headers || clock() - at > 10 * MINUTE) {
      const token = await staffToken(username);
      headers = token ? bearer(token, 'STAFF') : null;
      at = clock();
    }
    return headers;
  };
}

async function* reviewerWork(username: string): Flow {
  const desk = staffDesk(username);
  let headers = await desk();
  if (!headers) return;
  const queue = await gql<{ loanReviewQueue: { nodes: { id: string; status: string; inReview: boolean }[] } }>(REVIEW_QUEUE, {}, headers);
  for (const loan of (queue.data?.loanReviewQueue.nodes ?? []).filter((l) => l.status === 'MANUAL_REVIEW' && !l.inReview).slice(0, 4)) {
    if ((await gql(CLAIM_LOAN, { id: loan.id }, headers)).errors) continue;
    yield random.between(3, 12); // reading the file
    headers = (await desk()) ?? headers;
    const approve = random.chance(0.75);
    const decided = await gql(DECIDE_LOAN, { id: loan.id, approve, reason: approve ? 'Income and history support the amount.' : 'Debt-to-income ratio too high.' }, headers);
    if (!decided.errors) count(stats.flows, 'loan decided by a reviewer');
  }
}

async function* riskOfficerWork(): Flow {
  const desk = staffDesk('risk.zhang');
  let headers = await desk();
  if (!headers) return;
  const alerts = await gql<{ riskAlerts: { edges: { node: { id: string; status: string } }[] } }>(ALERTS, {}, headers);
  for (const { node } of alerts.data?.riskAlerts.edges ?? []) {
    if (node.status === 'OPEN') {
      if (!(await gql(ACK_ALERT, { id: node.id }, headers)).errors) count(stats.flows, 'alert acknowledged');
    } else if (node.status === 'ACKNOWLEDGED' && random.chance(0.5)) {
      if (!(await gql(RESOLVE_ALERT, { id: node.id, resolution: 'Checked with the customer: legitimate.' }, headers)).errors) count(stats.flows, 'alert resolved');
    }
  }
  yield random.between(1, 5);
  headers = (await desk()) ?? headers;
  const openings = await gql<{ accountOpeningReviewQueue: { nodes: { id: string; status: string }[] } }>(OPENING_QUEUE, {}, headers);
  for (const o of openings.data?.accountOpeningReviewQueue.nodes ?? []) {
    const approve = random.chance(0.85);
    const reviewed = await gql(REVIEW_OPENING, { id: o.id, approve, reason: approve ? 'Documents verified in person.' : 'Identity could not be confirmed.' }, headers);
    if (!reviewed.errors) count(stats.flows, 'opening reviewed');
  }
}

async function* feedbackOfficerWork(): Flow {
  const desk = staffDesk('feedback.xu');
  let headers = await desk();
  if (!headers) return;
  const queue = await gql<{ feedbackQueue: { nodes: { id: string }[] } }>(FEEDBACK_QUEUE, {}, headers);
  for (const item of (queue.data?.feedbackQueue.nodes ?? []).slice(0, 8)) {
    if ((await gql(CLAIM_FEEDBACK, { id: item.id }, headers)).errors) continue;
    yield random.between(2, 10);
    headers = (await desk()) ?? headers;
    if ((await gql(RESPOND_FEEDBACK, { id: item.id, message: 'Thank you, we have looked into it and fixed the issue.' }, headers)).errors) continue;
    await gql(RESOLVE_FEEDBACK, { id: item.id, note: 'Answered.' }, headers);
    count(stats.flows, 'feedback answered');
  }
}

// ---------------------------------------------------------------------------------------------
// The scheduler: discrete events on the simulated clock

interface Scheduled {
  at: number;
  flow: Flow;
}
let queue: Scheduled[] = [];
const schedule = (at: number, flow: Flow) => queue.push({ at, flow });

/** When a customer comes online: mostly daytime, peaks at lunch and in the evening (local time). */
function visitTime(dayStart: number): number {
  const hour = random.weighted({ 7: 2, 8: 5, 9: 7, 10: 8, 11: 8, 12: 10, 13: 8, 14: 7, 15: 7, 16: 6, 17: 6, 18: 7, 19: 9, 20: 9, 21: 6, 22: 3 } as Record<string, number>);
  return dayStart + Number(hour) * HOUR + random.between(0, 60) * MINUTE;
}

function planDay(day: number): void {
  const dayStart = START + day * DAY;
  for (const c of customers) {
    // About 60 % of customers show up on a given day, some twice.
    const visits = random.chance(0.6) ? (random.chance(0.25) ? 2 : 1) : 0;
    for (let v = 0; v < visits; v++) {
      const channel = random.weighted({ APP: 44, WEB: 18, MINI_PROGRAM: 18, PARTNER: 5, BRANCH: 15 });
      const at = visitTime(dayStart);
      if (channel === 'BRANCH') {
        // Walks into the branch (opening hours): joins the teller's queue.
        const arrive = dayStart + random.between(9, 16.5) * HOUR;
        schedule(arrive, walkIn(c));
      } else if (channel === 'PARTNER') schedule(at, partnerSession(c));
      else schedule(at, onlineSession(c, channel));
    }
  }
  // Guided visits: every day a few customers do one of each thing, so that even a small town
  // exercises every flow (and rates it); the rest of the day is random.
  const planned: Activity[] = ['opening', 'bigLoan', 'feedback', 'transfer', 'service', 'loan'];
  planned.forEach((activity, j) => {
    const c = customers[(day * planned.length + j) % customers.length]!;
    schedule(dayStart + random.between(9, 15) * HOUR, onlineSession(c, random.pick(['APP', 'WEB', 'MINI_PROGRAM'] as const), activity));
  });
  schedule(dayStart + random.between(9, 12) * HOUR, walkIn(customers[(day * 7) % customers.length]!));
  schedule(dayStart, tellerDay(dayStart));
  schedule(dayStart, routine(dayStart, 45, () => reviewerWork('reviewer.wu')));
  schedule(dayStart, routine(dayStart, 60, () => reviewerWork('reviewer.he')));
  schedule(dayStart, routine(dayStart, 90, riskOfficerWork));
  schedule(dayStart, routine(dayStart, 150, feedbackOfficerWork));
}

/** Runs one step of each flow due now, `CONCURRENCY` at a time; each is rescheduled at its next wake-up. */
async function runDue(due: Scheduled[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const item = due[next++]!;
      try {
        const step = await item.flow.next();
        if (!step.done) schedule(clock() + Math.max(0, step.value) * MINUTE, item.flow);
      } catch (error) {
        count(stats.errors, `CLIENT:${(error as Error).name}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
}

// -- Progress bar (stderr) --------------------------------------------------------------------

let lastDraw = 0;
let lastDay = -1;
function progress(now: number, force = false): void {
  if (args.quiet) return;
  const wall = performance.now();
  if (!force && wall - lastDraw < 250) return;
  lastDraw = wall;
  if (!process.stderr.isTTY) {
    // Not a terminal (a log, CI): one line per simulated day instead of a redrawn bar.
    const dayNo = Math.floor((now - START) / DAY);
    if (!force && dayNo === lastDay) return;
    lastDay = dayNo;
    process.stderr.write(`simulated ${new Date(now + LOCAL_OFFSET).toISOString().slice(0, 16)} local, ${stats.requests} requests\n`);
    return;
  }
  const done = Math.min(1, Math.max(0, (now - START) / (END - START)));
  const width = 30;
  const bar = '█'.repeat(Math.round(done * width)).padEnd(width, '░');
  const local = new Date(now + LOCAL_OFFSET).toISOString();
  const day = Math.min(DAYS, Math.floor((now - START) / DAY) + 1);
  process.stderr.write(`\r${bar} ${(done * 100).toFixed(0).padStart(3)}%  day ${day}/${DAYS} ${local.slice(11, 16)} local  ${stats.requests} requests`);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const wallStart = performance.now();
  target = await startTarget();
  try {
    loadTrustedDocuments();
    const { SERVICE_TEMPLATES } = await import('../src/modules/services/services.catalogue.js');
    templates = SERVICE_TEMPLATES as unknown as TemplateSpec[];
    await loadCustomers();
    if (customers.length < CUSTOMERS) throw new Error(`Only ${customers.length} of ${CUSTOMERS} customers are in the CRM.`);
    await detectOptionalApi();
    if (process.env.SIM_DEBUG) process.stderr.write(`ready after ${Math.round(performance.now() - wallStart)} ms\n`);
    const admin = await staffToken('admin.ma');
    if (!admin) throw new Error('admin.ma cannot sign in: is the demo seed on?');
    terminal = (await gql<{ registerBranchTerminal: { terminalId: string; secret: string } }>(REGISTER_TERMINAL, { branchId: 'BJ-001', label: `Simulation counter ${SEED}` }, bearer(admin, 'STAFF'))).data?.registerBranchTerminal ?? null;

    // With a real clock (--url) the days are compressed: every day's plan runs now, one after the other.
    for (let day = 0; day < DAYS; day++) {
      planDay(day);
      const dayEnd = START + (day + 1) * DAY;
      while (queue.length > 0) {
        queue.sort((a, b) => a.at - b.at);
        const first = queue[0]!;
        if (first.at >= dayEnd) break;
        if (target.simulatedTime) simulatedClock.advanceTo(first.at);
        planTime = Math.max(planTime, first.at);
        // Everything due within the next simulated minute runs in this round.
        const horizon = clock() + MINUTE;
        const due = queue.filter((s) => s.at <= horizon && s.at < dayEnd);
        queue = queue.filter((s) => !(s.at <= horizon && s.at < dayEnd));
        const r0 = performance.now();
        await runDue(due);
        if (process.env.SIM_DEBUG && performance.now() - r0 > 300) process.stderr.write(`round of ${due.length} took ${Math.round(performance.now() - r0)} ms\n`);
        progress(clock());
      }
    }
    queue = [];
    if (target.simulatedTime) simulatedClock.advanceTo(END);
    progress(END, true);
    process.stderr.write('\n');

    // Let the gateway store its backend call counts, then ask for the indicators and the reports.
    await new Promise((r) => setTimeout(r, 1500));
    const ops = await staffToken('ops.huang');
    if (!ops) throw new Error('ops.huang cannot sign in');
    const opsHeaders = bearer(ops, 'STAFF');
    const windowFrom = target.simulatedTime ? START : realNow - 60 * MINUTE;
    const windowTo = target.simulatedTime ? END : Date.now() + MINUTE;
    const health = await gql<{ processHealth: { asOf: string; indicators: Indicator[] } }>(HEALTH, { from: new Date(windowFrom).toISOString(), to: new Date(windowTo).toISOString() }, opsHeaders);
    if (!health.data) throw new Error(`processHealth failed: ${JSON.stringify(health.errors)}`);
    const indicators = health.data.processHealth.indicators;

    const out = args.out ?? mkdtempSync(join(tmpdir(), 'gateway-simulation-'));
    mkdirSync(out, { recursive: true });
    const dates = Array.from({ length: DAYS }, (_, d) => new Date(START + d * DAY + LOCAL_OFFSET).toISOString().slice(0, 10));
    const reportDates = target.simulatedTime ? dates : [new Date(Date.now() + LOCAL_OFFSET).toISOString().slice(0, 10)];
    for (const date of reportDates) {
      const report = await gql(DAILY_REPORT, { date }, opsHeaders);
      writeFileSync(join(out, `operations-report-${date}.json`), JSON.stringify(report.data?.operationsDailyReport ?? report, null, 2));
    }
    writeFileSync(join(out, 'process-health.json'), JSON.stringify(health.data.processHealth, null, 2));

    printTable(indicators);
    const withValues = indicators.filter((i) => i.value !== null).length;
    const seconds = ((performance.now() - wallStart) / 1000).toFixed(0);
    console.log(
      `\n${CUSTOMERS} customers, ${DAYS} days (${new Date(START).toISOString().slice(0, 10)} → ${new Date(END).toISOString().slice(0, 10)}, ${target.simulatedTime ? 'simulated clock' : 'compressed into real time'}), seed ${SEED}: ` +
        `${stats.requests} requests in ${seconds} s; ${withValues} of ${indicators.length} indicators have values.`,
    );
    console.log(`Flows: ${[...stats.flows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    if (stats.errors.size > 0) console.log(`Error codes answered: ${[...stats.errors.entries()].sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`Daily reports and process-health.json written to ${out}`);
    if (!hasTrackEvents) console.log('Behaviour events skipped: this gateway has no Mutation.trackEvents.');
  } finally {
    await target.close();
  }
}

interface Indicator {
  id: string;
  dimension: string;
  unit: string;
  value: number | null;
  sample: number;
  target: number;
  targetDirection: 'AT_LEAST' | 'AT_MOST';
  status: string;
  noDataReason: string | null;
  breakdown: { key: string; value: number; sample: number }[];
}

function printTable(indicators: Indicator[]): void {
  const rows = indicators.map((i) => [
    i.id,
    i.dimension.toLowerCase().replace(/_/g, ' '),
    i.value === null ? '—' : String(i.value),
    i.unit,
    `${i.targetDirection === 'AT_LEAST' ? '≥' : '≤'} ${i.target}`,
    i.status,
    String(i.sample),
  ]);
  const header = ['indicator', 'dimension', 'value', 'unit', 'target', 'status', 'sample'];
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 2 || k === 6 ? c.padStart(widths[k]!) : c.padEnd(widths[k]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write('\n');
    console.error(error);
    process.exit(1);
  },
);
