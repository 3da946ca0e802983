/**
 * The counter-service templates the bank offers: pure data, upserted into `service_templates` at
 * every start (services.repository.ts `seedTemplates`), so the database always holds the catalogue
 * this code runs with. A template says which fields it has and how they are checked, where each
 * field is pre-filled from, the identity level it needs, who may start it, the backend action that
 * executes it, and its target handling time.
 */

/** How a field's value is checked (every value travels as a string). */
export type FieldType = 'TEXT' | 'ENUM' | 'MONEY' | 'DATE' | 'OWN_ACCOUNT' | 'PHONE' | 'EMAIL';

/** Where a field's first value comes from when the form is loaded. */
export type PrefillSource = 'CRM_PHONE' | 'CRM_EMAIL' | 'CRM_ADDRESS_LINE' | 'CRM_CITY' | 'FIRST_ACCOUNT' | 'EARLIER_REQUEST';

/**
 * SESSION: the signed-in session is enough (the OTP step is skipped for customers);
 * OTP: a one-time code to the customer's phone; TELLER_VERIFIED_ID: a teller checks the ID document
 * at the counter (customers may prepare these at home, but they finish at a branch).
 */
export type IdentityLevel = 'SESSION' | 'OTP' | 'TELLER_VERIFIED_ID';

/** Where a request may be started: the customer's own channels, a branch terminal, a teller's desk. */
export type StartChannel = 'APP' | 'WEB' | 'MINI_PROGRAM' | 'BRANCH_TERMINAL' | 'TELLER';

export interface TemplateField {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** A regular expression the whole value must match (TEXT). */
  pattern?: string;
  /** Allowed values (ENUM). */
  options?: readonly string[];
  /** Longest accepted value. @default 200 */
  maxLength?: number;
  prefill?: PrefillSource;
}

export interface ServiceTemplateSpec {
  code: string;
  name: string;
  description: string;
  fields: readonly TemplateField[];
  identityLevel: IdentityLevel;
  startChannels: readonly StartChannel[];
  /** The backend call that executes a confirmed request (idempotent, keyed by the request id). */
  action: { backend: 'CORE_BANKING' | 'CRM'; operation: string; accountField?: string };
  targetMinutes: number;
}

const EVERYWHERE: readonly StartChannel[] = ['APP', 'WEB', 'MINI_PROGRAM', 'BRANCH_TERMINAL', 'TELLER'];
const cardLast4: TemplateField = { name: 'cardLast4', label: 'Last four digits of the card', type: 'TEXT', required: true, pattern: '^\\d{4}$', maxLength: 4 };
const ownAccount = (name = 'accountId', label = 'Account'): TemplateField => ({ name, label, type: 'OWN_ACCOUNT', required: true, prefill: 'FIRST_ACCOUNT' });

export const SERVICE_TEMPLATES: readonly ServiceTemplateSpec[] = [
  {
    code: 'REPORT_LOST_CARD',
    name: 'Report a lost card',
    description: 'Blocks a lost or stolen card at once.',
    fields: [cardLast4, { name: 'lostOn', label: 'Date lost', type: 'DATE', required: true }, { name: 'note', label: 'Note', type: 'TEXT', required: false, maxLength: 200 }],
    identityLevel: 'SESSION',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'CARD_BLOCK' },
    targetMinutes: 3,
  },
  {
    code: 'RESET_CARD_PIN',
    name: 'Reset a card password',
    description: 'Sends a new card PIN mailer; the old PIN stops working.',
    fields: [cardLast4, { name: 'delivery', label: 'Delivery', type: 'ENUM', required: true, options: ['SMS', 'BRANCH_PICKUP'] }],
    identityLevel: 'OTP',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'CARD_PIN_RESET' },
    targetMinutes: 4,
  },
  {
    code: 'ACTIVATE_CARD',
    name: 'Activate a card',
    description: 'Activates a newly received card.',
    fields: [cardLast4],
    identityLevel: 'OTP',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'CARD_ACTIVATE' },
    targetMinutes: 3,
  },
  {
    code: 'CHANGE_CONTACT_DETAILS',
    name: 'Change contact details',
    description: 'Updates the phone, e-mail and address the bank holds.',
    fields: [
      { name: 'phone', label: 'Mobile phone', type: 'PHONE', required: true, prefill: 'CRM_PHONE' },
      { name: 'email', label: 'E-mail', type: 'EMAIL', required: false, prefill: 'CRM_EMAIL', maxLength: 120 },
      { name: 'addressLine1', label: 'Address', type: 'TEXT', required: true, prefill: 'CRM_ADDRESS_LINE', maxLength: 120 },
      { name: 'city', label: 'City', type: 'TEXT', required: true, prefill: 'CRM_CITY', maxLength: 60 },
    ],
    identityLevel: 'OTP',
    startChannels: EVERYWHERE,
    action: { backend: 'CRM', operation: 'CONTACT_UPDATE' },
    targetMinutes: 5,
  },
  {
    code: 'REQUEST_STATEMENT',
    name: 'Request a statement',
    description: 'Issues an account statement for a period.',
    fields: [
      ownAccount(),
      { name: 'fromDate', label: 'From', type: 'DATE', required: true },
      { name: 'toDate', label: 'To', type: 'DATE', required: true },
      { name: 'format', label: 'Format', type: 'ENUM', required: true, options: ['PDF', 'PAPER'], prefill: 'EARLIER_REQUEST' },
    ],
    identityLevel: 'SESSION',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'STATEMENT_ISSUE', accountField: 'accountId' },
    targetMinutes: 3,
  },
  {
    code: 'CORPORATE_EBANKING_SIGNUP',
    name: 'Corporate e-banking sign-up',
    description: 'Signs a company up for corporate e-banking with a security token.',
    fields: [
      ownAccount('accountId', 'Settlement account'),
      { name: 'companyName', label: 'Company name', type: 'TEXT', required: true, maxLength: 120 },
      { name: 'creditCode', label: 'Unified social credit code', type: 'TEXT', required: true, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', maxLength: 18 },
      { name: 'tokenDelivery', label: 'Token delivery', type: 'ENUM', required: true, options: ['BRANCH_PICKUP', 'COURIER'] },
    ],
    identityLevel: 'TELLER_VERIFIED_ID',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'CORPORATE_EBANKING_ENROL', accountField: 'accountId' },
    targetMinutes: 5,
  },
  {
    code: 'FREEZE_ACCOUNT',
    name: 'Freeze an account',
    description: 'Stops all debits from an account until it is unfrozen.',
    fields: [ownAccount(), { name: 'reason', label: 'Reason', type: 'ENUM', required: true, options: ['SUSPECTED_FRAUD', 'TRAVEL', 'OTHER'] }],
    identityLevel: 'OTP',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'ACCOUNT_FREEZE', accountField: 'accountId' },
    targetMinutes: 3,
  },
  {
    code: 'UNFREEZE_ACCOUNT',
    name: 'Unfreeze an account',
    description: 'Lifts a freeze the customer asked for; needs the ID document at a branch.',
    fields: [ownAccount()],
    identityLevel: 'TELLER_VERIFIED_ID',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'ACCOUNT_UNFREEZE', accountField: 'accountId' },
    targetMinutes: 4,
  },
  {
    code: 'SET_UP_STANDING_ORDER',
    name: 'Set up a standing order',
    description: 'Pays a fixed amount to a payee every month.',
    fields: [
      ownAccount('fromAccountId', 'Pay from'),
      { name: 'payeeAccountNumber', label: 'Payee account number', type: 'TEXT', required: true, pattern: '^\\d{10,30}$', maxLength: 30 },
      { name: 'payeeName', label: 'Payee name', type: 'TEXT', required: true, maxLength: 80 },
      { name: 'amount', label: 'Amount (CNY)', type: 'MONEY', required: true },
      { name: 'dayOfMonth', label: 'Day of the month', type: 'TEXT', required: true, pattern: '^([1-9]|1\\d|2[0-8])$', maxLength: 2 },
      { name: 'startDate', label: 'First payment', type: 'DATE', required: true },
    ],
    identityLevel: 'OTP',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'STANDING_ORDER_CREATE', accountField: 'fromAccountId' },
    targetMinutes: 5,
  },
  {
    code: 'REACTIVATE_DORMANT_ACCOUNT',
    name: 'Reactivate a dormant account',
    description: 'Brings a dormant account back into use; needs the ID document at a branch.',
    fields: [ownAccount()],
    identityLevel: 'TELLER_VERIFIED_ID',
    startChannels: ['APP', 'WEB', 'MINI_PROGRAM', 'BRANCH_TERMINAL', 'TELLER'],
    action: { backend: 'CORE_BANKING', operation: 'ACCOUNT_REACTIVATE', accountField: 'accountId' },
    targetMinutes: 5,
  },
  {
    code: 'ISSUE_DEPOSIT_CERTIFICATE',
    name: 'Issue a certificate of deposit',
    description: 'Certifies an account balance (e.g. for a visa application).',
    fields: [
      ownAccount(),
      { name: 'purpose', label: 'Purpose', type: 'ENUM', required: true, options: ['VISA', 'STUDY_ABROAD', 'OTHER'] },
      { name: 'copies', label: 'Copies', type: 'TEXT', required: true, pattern: '^[1-5]$', maxLength: 1 },
    ],
    identityLevel: 'OTP',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'DEPOSIT_CERTIFICATE_ISSUE', accountField: 'accountId' },
    targetMinutes: 4,
  },
  {
    code: 'UPDATE_ID_EXPIRY',
    name: "Update an ID document's expiry",
    description: 'Records the new expiry date of a renewed ID card; the teller sees the new card.',
    fields: [{ name: 'newExpiry', label: 'New expiry date', type: 'DATE', required: true }],
    identityLevel: 'TELLER_VERIFIED_ID',
    startChannels: ['BRANCH_TERMINAL', 'TELLER'],
    action: { backend: 'CRM', operation: 'ID_EXPIRY_UPDATE' },
    targetMinutes: 3,
  },
  {
    code: 'CLOSE_ACCOUNT',
    name: 'Close an account',
    description: 'Closes an account and pays the balance into another of your accounts.',
    fields: [
      ownAccount(),
      ownAccount('payoutAccountId', 'Pay the balance into'),
      { name: 'reason', label: 'Reason', type: 'ENUM', required: true, options: ['NO_LONGER_NEEDED', 'MOVING', 'FEES', 'OTHER'] },
    ],
    identityLevel: 'TELLER_VERIFIED_ID',
    startChannels: EVERYWHERE,
    action: { backend: 'CORE_BANKING', operation: 'ACCOUNT_CLOSE', accountField: 'accountId' },
    targetMinutes: 5,
  },
];
