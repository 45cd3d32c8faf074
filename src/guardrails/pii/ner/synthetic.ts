import { allLocales, Faker, type LocaleDefinition } from '@faker-js/faker';
import type { SynthSample } from './presidio-synth.js';

/**
 * Our own training sentences for the name/address tagger: ~70 templates written for Switchyard
 * (chat requests, e-mail signatures, forms, lists, prose with capitalised non-names such as
 * weekdays, companies and song titles), filled with faker values from many locales. They teach
 * the contexts (titles, "my name is", address blocks) that a thousand benchmark sentences from
 * ~100 templates cannot, and none of them comes from the benchmark.
 */
const TEMPLATES = [
  'Hi, my name is {P} and I need help with my account.',
  'Please forward this to {P}.',
  'Dear {T},\n\nThank you for your message.',
  'Dear {F},\nplease find the invoice attached.',
  'Regards,\n{P}',
  'Best,\n{F}',
  '{P}\n{JOB}\n{ORG}\n{A}',
  'Ship it to {A} before {DAY}.',
  'My new address is {A}.',
  'Send the contract to {P}, {A}',
  'I live at {S} in {C}.',
  'We are meeting at {S}, {C} on {DAY}.',
  '{T} called yesterday about the refund.',
  'Can you ask {T} to call me back?',
  'The appointment with Dr. {L} is on {DAY}.',
  '{F} and {F} are joining the call on {DAY}.',
  'Attendees: {P}, {P}, {P} and {P}.',
  'I talked to {F} this morning; {F} says hi.',
  '{P} is the new manager of our {C} office.',
  'Flight from {C} to {C} on {MONTH} 3.',
  'I grew up in {C}, {N}.',
  'She moved to {N} last year.',
  'Our team in {C} ships on {DAY}.',
  'The package is waiting at the post office in {C}.',
  'Contact person: {P}',
  'Name: {P}\nAddress: {A}',
  'Customer: {P}\nCity: {C}\nCountry: {N}',
  'From: {P}\nTo: {P}\nSubject: {SONG}',
  'Please update the billing name to {T}.',
  'Is {F} available for a quick call?',
  'Thanks {F}!',
  '{F}, could you review my pull request?',
  'Translate this letter for {P} who lives at {A}.',
  'Summarize the complaint from {P} about the delivery to {A}.',
  'Write a birthday message for my colleague {F}.',
  'Our {ORG} account manager is {P}.',
  '{ORG} opened an office in {C} in {MONTH}.',
  'I listened to {SONG} on {DAY} morning.',
  'The book {BOOK} was a gift from {F}.',
  'Book a table for {F} at the {ADJ} restaurant on {S}.',
  'Mr. {L} and Mrs. {L} will arrive on {DAY}.',
  'Ms. {P} is our contact at {ORG}.',
  'Prof. {L} teaches at the University of {C}.',
  'Directions to {S}, {C}, please.',
  'Where is {S}?',
  'The hotel is on {SN} near the station.',
  'Delivery address:\n{P}\n{A}',
  'Return address: {A}',
  'The office moved from {C} to {S}, {C}.',
  'Weather in {C} this {DAY}?',
  'I met {P} and {P} at the {ORG} conference.',
  '{P} ({JOB}) joined {ORG} in {MONTH}.',
  'My daughter {F} starts school in {MONTH}.',
  'Please add {P} as an authorised user.',
  'The account holder is {P}, born in {C}.',
  'Capital letters such as Monday, Friday, January or Product Manager are not names.',
  'Our {ADJ} Quarterly Review is on {DAY}; {ORG} will present.',
  'The {ORG} team released version 2 today.',
  'Every {DAY} we review the {ORG} roadmap with the Finance Committee.',
  'Happy New Year from everyone at {ORG}!',
  'Please review the attached Terms of Service and Privacy Policy.',
  'The Board approved the Annual Report on {DAY}.',
  '{SONG} is my favourite song.',
  'We visited {N} and {N} last summer.',
  '{C} is beautiful in {MONTH}.',
  'Sincerely,\n\n{T}\n{JOB}, {ORG}\n{A}',
  'Call {F} at the {C} office.',
  'Patient {P} was admitted on {DAY}.',
  'Witness statement by {P}, resident of {C}.',
  'The {N} embassy in {C} is closed on {DAY}.',
  "What's the name on the card? {P}",
  'Q: Who signed the form?\nA: {P}',
  'Full name? {P}',
  'Surname: {L}',
  'First name: {F}\nLast name: {L}',
  'Who is on call tonight? {F}',
  'Invited: {F}, {F}, {F} and {F}.',
  'Team: {F}; {F}; {F}',
  'We drove through Northern {N} and Southern {N}.',
  'Offices in {C}, {C} and {C}.',
  'An interview with {P} about the {ORG} merger.',
  'A tribute to {P}, written by {P}.',
  'Unlike the other candidates, {L} answered every question.',
  'Thanks to {F} and {F} for the {ADJ} work.',
  '{P}',
  '{A}',
  'Send it to: {A}',
  '{P}\n{A}\n{ORG}',
]

// Sentences full of numbers, codes and capitalised jargon that are not personal data, so the
// tagger does not learn "digits mean an address". Written for training; the benchmark's harmless
// set (data/harmless-numbers) uses different templates.
const NUMBER_TEMPLATES = [
  'Build {NUM} of release {VER} failed at step {NUM}.',
  'Invoice {CODE} totals {NUM}.{NUM} EUR, due {MONTH} {NUM}.',
  'The function returns {NUM} when n = {NUM} and {NUM} otherwise.',
  'Set max_tokens to {NUM} and temperature to 0.{NUM}.',
  'Error {CODE} on line {NUM}, column {NUM}.',
  'Throughput rose from {NUM} to {NUM} requests per second after PR {NUM}.',
  'Version {VER} adds {NUM} endpoints; see RFC {NUM}.',
  'Shipment {CODE} contains {NUM} boxes of item {CODE}.',
  'Sprint {NUM} velocity was {NUM} points; Q{NUM} target is {NUM}.',
  'The hash {HEX} matches artifact {CODE}.',
  'Table {NUM}: {NUM} rows, {NUM} columns, {NUM} MB.',
  'Use port {NUM} for HTTP and {NUM} for gRPC in {ORG} staging.',
  'Order {CODE} of {NUM} units at {NUM}.{NUM} each ships on {DAY}.',
  'Step {NUM} of {NUM}: multiply {NUM} by {NUM}.',
  'Ticket {CODE} was closed by the {ADJ} Bot on {DAY}.',
  'Reading {NUM} kWh, meter {CODE}, tariff {CODE}.',
  'The {ORG} API limit is {NUM} calls per {NUM} seconds.',
  'Chapter {NUM}, page {NUM}, figure {NUM}.{NUM}.',
];

const LOCALES = ['en_US', 'en_GB', 'de', 'fr', 'it', 'es', 'pt_BR', 'nl', 'sv', 'nb_NO', 'da', 'fi', 'pl', 'cs_CZ', 'hu', 'ru', 'uk', 'el', 'tr', 'en_IN', 'en_AU', 'hr', 'sk', 'ro', 'lv', 'vi', 'id_ID'] as const;

type Slot = { text: string; type: 'PERSON' | 'STREET_ADDRESS' | 'GPE' | null; prefix?: string };

/**
 * Generates `count` labelled sentences, deterministic for a seed.
 *
 * @example syntheticSamples(2, 1).length // 2
 */
export function syntheticSamples(count: number, seed: number): SynthSample[] {
  const fakers = LOCALES.map((name) => {
    const f = new Faker({ locale: [allLocales[name] as LocaleDefinition, allLocales.en, allLocales.base] });
    return f;
  });
  const pick = new Faker({ locale: [allLocales.en, allLocales.base] });
  pick.seed(seed);
  for (const [i, f] of fakers.entries()) f.seed(seed * 101 + i);
  const out: SynthSample[] = [];
  for (let n = 0; n < count; n += 1) {
    const f = fakers[pick.number.int({ min: 0, max: fakers.length - 1 })]!;
    const pool = pick.number.float() < 0.3 ? NUMBER_TEMPLATES : TEMPLATES;
    const template = pool[pick.number.int({ min: 0, max: pool.length - 1 })]!;
    out.push(fill(template, f, pick, 100_000 + n));
  }
  return out;
}

function fill(template: string, f: Faker, pick: Faker, id: number): SynthSample {
  let text = '';
  const spans: SynthSample['spans'] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([A-Z]+)\}/g)) {
    text += template.slice(last, m.index);
    const slot = slotValue(m[1]!, f, pick);
    text += slot.prefix ?? '';
    const start = text.length;
    text += slot.text;
    if (slot.type) spans.push({ entity_type: slot.type, entity_value: slot.text, start_position: start, end_position: text.length });
    last = m.index + m[0].length;
  }
  text += template.slice(last);
  if (pick.number.float() < 0.08) text = text.toLowerCase(); // people type in lower case too
  return { full_text: text, template_id: id, spans };
}

function slotValue(slot: string, f: Faker, pick: Faker): Slot {
  const title = pick.helpers.arrayElement(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Mr', 'Ms', 'Prof.']);
  switch (slot) {
    case 'P':
      return { text: pick.number.float() < 0.15 ? `${f.person.firstName()} ${f.string.alpha({ length: 1, casing: 'upper' })}. ${f.person.lastName()}` : `${f.person.firstName()} ${f.person.lastName()}`, type: 'PERSON' };
    case 'F':
      return { text: f.person.firstName(), type: 'PERSON' };
    case 'L':
      return { text: f.person.lastName(), type: 'PERSON' };
    case 'T': {
      // The title is not part of the person span, as in presidio-research's labels.
      const name = pick.number.float() < 0.5 ? f.person.lastName() : `${f.person.firstName()} ${f.person.lastName()}`;
      return { prefix: `${title} `, text: name, type: 'PERSON' };
    }
    case 'A':
      return { text: address(f, pick), type: 'STREET_ADDRESS' };
    case 'S':
      return { text: f.location.streetAddress(pick.number.float() < 0.3), type: 'STREET_ADDRESS' };
    case 'SN':
      return { text: f.location.street(), type: 'STREET_ADDRESS' };
    case 'C':
      return { text: pick.number.float() < 0.1 ? f.location.city().toUpperCase() : f.location.city(), type: 'GPE' };
    case 'N':
      return { text: f.location.country(), type: 'GPE' };
    case 'ORG':
      return { text: pick.company.name(), type: null };
    case 'JOB':
      return { text: pick.person.jobTitle(), type: null };
    case 'DAY':
      return { text: pick.date.weekday(), type: null };
    case 'MONTH':
      return { text: pick.date.month(), type: null };
    case 'SONG':
      return { text: pick.music.songName(), type: null };
    case 'BOOK':
      return { text: pick.book.title(), type: null };
    case 'NUM':
      return { text: String(pick.number.int({ min: 0, max: pick.helpers.arrayElement([9, 99, 999, 99999, 9999999]) })), type: null };
    case 'VER':
      return { text: pick.system.semver(), type: null };
    case 'HEX':
      return { text: pick.string.hexadecimal({ length: pick.helpers.arrayElement([7, 12, 40]), prefix: '' }).toLowerCase(), type: null };
    case 'CODE':
      return { text: pick.helpers.arrayElement([pick.string.alphanumeric({ length: 8, casing: 'upper' }), `${pick.string.alpha({ length: 3, casing: 'upper' })}-${pick.string.numeric(5)}`, pick.string.uuid(), `#${pick.string.numeric(6)}`]), type: null };
    case 'ADJ':
      return { text: pick.word.adjective().replace(/^./, (c) => c.toUpperCase()), type: null };
    default:
      return { text: slot, type: null };
  }
}

function address(f: Faker, pick: Faker): string {
  const street = f.location.streetAddress(pick.number.float() < 0.4);
  const city = f.location.city();
  const zip = f.location.zipCode();
  const country = f.location.country();
  const sep = pick.helpers.arrayElement([', ', '\n', '\n ']);
  return pick.helpers.arrayElement([
    `${street}${sep}${city}${sep}${zip}`,
    `${street}${sep}${zip} ${city}`,
    `${street}${sep}${city} ${zip}${sep}${country}`,
    `${street}, ${city}`,
  ]);
}
