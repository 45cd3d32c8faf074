// Prompts for bench:guard-gateway: ~2 KB support messages with PII, all different (names, e-mails,
// phones, cards, IBANs, addresses, order numbers and the order and choice of sentences vary, from
// a fixed seed), and a fixed ~1.5 KB system prompt of the kind real deployments send on every call.
// A gateway sees the same system prompt (and tool definitions, earlier turns) again and again and
// a new user turn each time: `varied` prompts alone measure the detectors cold on every text; the
// `realistic` mix adds the repeated system prompt.
import { randomBytes } from 'node:crypto';
import { fakerEN_GB as faker } from '@faker-js/faker';

// A pii policy needs the secret identity fields are pseudonymised under (guardrails.pseudonym_key,
// else derived from $SWITCHYARD_SECRET_KEY): given here, inherited by the gateways the benches
// start, so the configs stay valid for older builds in A/B runs, which know no pseudonym_key.
process.env.SWITCHYARD_SECRET_KEY ??= randomBytes(32).toString('base64');

// Test card numbers (Luhn-valid) and example IBANs (mod-97-valid).
const CARDS = ['4111 1111 1111 1111', '4012 8888 8888 1881', '5555 5555 5555 4444', '5105 1051 0510 5100', '3782 822463 10005', '6011 1111 1111 1117'];
const IBANS = ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'ES9121000418450200051332'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November'];

// Sentences with slots; the first two always come first (they carry the e-mail the bench checks).
const OPENING = [
  'Hello, I am writing on behalf of my colleague {name} about a billing problem with our account.',
  'You can reach me at {email} or on {phone} during office hours.',
];
const BODY = [
  'Our company card ending in the number {card} was charged twice for the {month} invoice,',
  'and the second charge appeared on the statement for the account {iban} as well.',
  'We have been customers for {years} years and have never had this happen before, so we were surprised.',
  'The invoice number is INV-{year}-{n4} and the order reference is ORD-{n5}; the amount was {amount} EUR.',
  'Could you please check the payment logs, confirm whether the duplicate was captured or only authorised,',
  'and tell me how long a refund would take if it was captured? Our finance team closes the month on {weekday},',
  'so a quick answer would help a lot. If you need more details, our office is at {street}, {city} {postcode}.',
  'I have attached nothing sensitive here beyond what you need. Thank you for your help with this matter,',
  'and please let me know if there is a form to fill in or a ticket number I should quote in future messages.',
  'Best regards, and apologies for the long message: I wanted to give you everything in one go so that nobody',
  'has to write back and forth several times. Looking forward to hearing from you soon about the refund status.',
  'PS: the first charge went through on the {d1}rd and the second on the {d2}th, both from the same terminal id.',
  'PPS: we also noticed that the receipts were sent to an old address; please update it to the one above.',
  'For reference, my manager {manager} ({managerEmail}) approved the original purchase in {month2},',
  'and the purchase order was PO-{n5b}, which you will find on both receipts as well.',
  'Thanks again. We would also like to know whether we can switch the account to monthly invoicing from {month3}.',
  'Our auditors asked us to keep a record of every change to the billing details, so please confirm in writing.',
  'The terminal that took both payments is the one in our {city2} shop, if that helps to trace the transactions.',
  'Kind regards from the whole finance team.',
];

/** `count` different user prompts of about 2 KB, the same for a given seed. */
export function variedPrompts(count, seed = 1) {
  faker.seed(seed);
  const prompts = [];
  for (let i = 0; i < count; i++) {
    const name = faker.person.fullName();
    const [first, last] = name.toLowerCase().replace(/[^a-z ]/g, '').split(' ');
    const values = {
      name,
      email: `${first}.${last}@example.com`,
      phone: faker.helpers.arrayElement(['+44 20 7946 0', '+44 161 496 0', '+44 117 496 0']) + faker.string.numeric(3),
      card: faker.helpers.arrayElement(CARDS),
      iban: faker.helpers.arrayElement(IBANS),
      month: faker.helpers.arrayElement(MONTHS),
      month2: faker.helpers.arrayElement(MONTHS),
      month3: faker.helpers.arrayElement(MONTHS),
      years: String(faker.number.int({ min: 2, max: 15 })),
      year: String(faker.number.int({ min: 2019, max: 2025 })),
      n4: faker.string.numeric(4),
      n5: faker.string.numeric(5),
      n5b: faker.string.numeric(5),
      amount: `${faker.number.int({ min: 1, max: 9 })},${faker.string.numeric(3)}.00`,
      weekday: faker.date.weekday(),
      street: faker.location.streetAddress(),
      city: faker.location.city(),
      city2: faker.location.city(),
      postcode: faker.location.zipCode(),
      d1: String(faker.number.int({ min: 1, max: 3 })),
      d2: String(faker.number.int({ min: 4, max: 9 })),
      manager: faker.person.fullName(),
      managerEmail: faker.internet.email().toLowerCase(),
    };
    // Most sentences, in a varied order and choice, so no two prompts share their text.
    const body = faker.helpers.shuffle(BODY).slice(0, BODY.length - faker.number.int({ min: 1, max: 4 }));
    const text = [...OPENING, ...body].join(' ').replace(/\{(\w+)\}/g, (_, key) => values[key]);
    prompts.push({ text, email: values.email });
  }
  return prompts;
}

/** A fixed ~1.5 KB system prompt, sent unchanged on every call of the realistic mix. */
export const SYSTEM_PROMPT = [
  'You are the billing support assistant of Northwind Office Supplies Ltd. Answer customers politely and briefly, in the language they write in.',
  'Only discuss billing, invoices, refunds, payment methods and account settings; for anything else, point the customer to the general help centre.',
  'Never promise a refund: say that the finance team will review the case and reply within three working days.',
  'When a customer reports a duplicate charge, ask for the invoice number and the date of each charge if they did not give them, and explain the difference between an authorisation and a capture.',
  'Customers can reach the finance team at billing@northwind.example or on +44 20 7946 0000, Monday to Friday, 9:00 to 17:30 UK time.',
  'Our registered office is at 12 Harbour Road, Bristol BS1 5TT; invoices by post go to that address, marked for the attention of Accounts Receivable.',
  'Do not ask for full card numbers or bank details: if a customer sends them, tell them that we have removed them and that they should not send them again.',
  'Monthly invoicing is available to business accounts with more than twelve months of history; quarterly invoicing needs the approval of an account manager.',
  'If a customer is angry, acknowledge the problem first, then give the next step. Keep answers under 120 words unless the customer asks for detail.',
  'Format amounts with the currency code after the number (1,249.00 EUR), and dates as day month year (3 March 2025).',
  'Escalate to a human agent when the customer asks for one, mentions legal action, or when the same problem has been reported three times.',
].join('\n');

/** Each mix's system prompt: a short one (every request new text) or the fixed realistic one. */
export const SYSTEM_BY_MIX = { varied: 'You are a support agent.', realistic: SYSTEM_PROMPT };

/** What the simulated model answers, before and after redaction (the e-mail and phone the user gave). */
export const REPLY_RAW = 'I will write to you by e-mail and call you on the number you gave today about the duplicate charge; a refund takes 3 to 5 working days.';
export const REPLY_REDACTED = 'I will write to <EMAIL_1> and call <PHONE_1> today about the duplicate charge; a refund takes 3 to 5 working days.';
const REPLY_SECOND = REPLY_REDACTED.replace('<EMAIL_1>', '<EMAIL_2>').replace('<PHONE_1>', '<PHONE_2>');

/**
 * The simulator's scripts: the user's e-mail is <EMAIL_1>, or <EMAIL_2> after the realistic mix's
 * system prompt (which has one); the manager's, when the prompt has that sentence, the next one.
 */
export const SIM_SCRIPTS = [
  { match: '<EMAIL_3>', reply: REPLY_SECOND },
  { match: '<EMAIL_1>', reply: REPLY_REDACTED },
  { match: '<EMAIL_2>', reply: REPLY_SECOND },
  { match: 'billing problem', reply: REPLY_RAW },
];

/**
 * Input word checks a policy may add (`inputChecks`): banned words and three denied topics, which
 * read the user turn normalised as the injection detector does.
 */
const INPUT_CHECKS = `
      input:
        banned_words: { words: [internal codename, project falcon, wire the money, bypass the filter, jailbreak], action: flag }
        topics:
          topics:
            - { name: gambling, keywords: [bet, odds, casino, sports betting, bookmaker] }
            - { name: elections, keywords: [ballot, vote, candidate, polling station] }
            - { name: medical advice, keywords: [diagnosis, dosage, prescription, symptoms] }`;

/**
 * The guard benches' gateway: a plain and a guarded model on one simulator, the full guard policy
 * on the guarded one (with `inputChecks`, input banned words and topics too).
 */
export function guardGatewayConfig(simPort, key, dbPath, { inputChecks = false } = {}) {
  return `
providers: { sim: { type: openai, base_url: "http://127.0.0.1:${simPort}/v1", api_key: sk-up } }
models:
  plain:   { provider: sim, model: standin-small }
  guarded: { provider: sim, model: standin-small }
keys: [ { key: ${key}, name: bench } ]
guardrails:
  policies:
    full:
      pii: { default_action: redact }
      injection: { action: block }
      output: { banned_words: { words: [internal codename] }, pii: { action: flag }, stream: after }${inputChecks ? INPUT_CHECKS : ''}
  apply: { routes: { guarded: full } }
retry: { max_attempts: 1 }
store: { sqlite: "${dbPath}" }
`;
}
