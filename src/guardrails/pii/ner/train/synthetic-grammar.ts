import type { Faker } from '@faker-js/faker';

/**
 * A small generative grammar for training sentences, so the tagger sees names and places in
 * many more sentence shapes than a list of whole templates gives: a sentence is one to three
 * clauses joined by varied connectors, each clause a frame with a person, place or address
 * phrase (or none), wrapped in chat, e-mail, quoting or list framing, with varied casing and
 * punctuation. Open-class words come from faker's word lists, so no context word is tied to an
 * entity and the tagger has to learn from the entity's own words (shape, lexicons, affixes).
 * Written for Switchyard from general knowledge of how people write; no frame was taken from
 * presidio-research or derived from the benchmark's texts. Returns a template in the slot
 * language of `synthetic.ts` ({P}, {C}, {A}, … and {W} noun, {J} adjective).
 *
 * @example composeTemplate(faker) // 'ok so {P} said the {W} was {J}, ship it to {A}'
 */
export function composeTemplate(pick: Faker): string {
  const r = pick.number.float();
  const clauses: string[] = [];
  if (r < 0.22) clauses.push(clause(NEUTRAL, pick));
  else {
    clauses.push(clause(entityFrames(pick), pick));
    if (pick.number.float() < 0.35) clauses.push(clause(pick.number.float() < 0.5 ? NEUTRAL : entityFrames(pick), pick));
    if (pick.number.float() < 0.15) clauses.push(clause(NEUTRAL, pick));
  }
  const ordered = pick.number.float() < 0.5 ? clauses : [...clauses].reverse();
  let body = ordered[0]!;
  for (let k = 1; k < ordered.length; k += 1) body += pick.helpers.arrayElement(CONNECTORS) + ordered[k]!;
  const casing = pick.number.float();
  if (casing < 0.7) body = capitaliseFirst(body);
  const template = pick.helpers.arrayElement(OPENERS) + body + pick.helpers.arrayElement(ENDINGS);
  return template.replace(/\{(W|J|V|VP|REL|ROLE)\}/g, (_, slot: string) => openWord(slot, pick));
}

/** Open-class words, filled here so that the template keeps only the slots `synthetic.ts` fills. */
function openWord(slot: string, pick: Faker): string {
  if (slot === 'W') return pick.word.noun();
  if (slot === 'J') return pick.word.adjective();
  if (slot === 'V') return pick.word.verb();
  if (slot === 'VP') return pick.helpers.arrayElement(PAST_VERBS);
  return pick.helpers.arrayElement(slot === 'REL' ? REL : ROLE);
}

function entityFrames(pick: Faker): readonly string[] {
  const r = pick.number.float();
  return r < 0.5 ? PERSON_FRAMES : r < 0.78 ? PLACE_FRAMES : ADDRESS_FRAMES;
}

/** Fills a frame's phrase slots: {X} person, {Y} place, {Z} address, {K} a field name. */
function clause(frames: readonly string[], pick: Faker): string {
  return pick.helpers.arrayElement(frames).replace(/\{([XYZK])\}/g, (_, slot: string) => {
    if (slot === 'X') return pick.helpers.arrayElement(PERSON_PHRASES);
    if (slot === 'Y') return pick.helpers.arrayElement(PLACE_PHRASES);
    if (slot === 'Z') return pick.helpers.arrayElement(ADDRESS_PHRASES);
    return pick.helpers.arrayElement(FIELD_NAMES);
  });
}

function capitaliseFirst(text: string): string {
  return /^[a-z]/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
}

const PERSON_PHRASES = [
  '{P}', '{P}', '{P}', '{P}', '{F}', '{F}', '{L}', '{T}', '{T}', 'my {REL} {F}', 'my {REL} {P}', 'our {ROLE} {P}', '{P}, our {ROLE},',
  '{P} from {ORG}', '{P} ({JOB})', '{F} {L}', 'a certain {P}', 'both {F} and {F}', '{P} and {P}', '{L}, {F}', '{ROLE} {P}', '{F} from accounting',
];
// A modifier is not part of the place's name: "southern {N}", "downtown {C}".
const PLACE_PHRASES = [
  '{C}', '{C}', '{C}', '{C}, {N}', '{C}, {R}', '{N}', '{N}', '{R}', 'downtown {C}', 'the {C} area', '{C} and {C}', 'rural {N}', 'Southern {N}',
  'Northern {N}', 'Eastern {N}', 'western {N}', 'central {C}', 'Greater {C}',
];
const ADDRESS_PHRASES = ['{A}', '{A}', '{S}', '{S}', '{S}, {C}', '{S} in {C}', '{SN}', '{A}, {N}', '{CORNER}'];
const REL = ['mother', 'father', 'sister', 'brother', 'wife', 'husband', 'son', 'daughter', 'neighbour', 'neighbor', 'landlord', 'friend', 'colleague', 'boss', 'partner', 'cousin', 'aunt', 'uncle', 'grandma', 'client', 'tenant', 'roommate', 'doctor', 'lawyer', 'coach', 'teacher'];
const ROLE = ['manager', 'accountant', 'intern', 'engineer', 'nurse', 'agent', 'assistant', 'director', 'editor', 'chair', 'treasurer', 'driver', 'consultant', 'recruiter', 'CEO', 'CTO'];
const FIELD_NAMES = [
  'Name', 'Full name', 'Customer', 'Employee', 'Guest', 'Applicant', 'Beneficiary', 'Owner', 'Cardholder', 'Tenant', 'Author', 'Assignee', 'Reviewer', 'Sender',
  'Recipient', 'Passenger', 'Contact', 'Requested by', 'Approved by', 'Signed', 'Attn', 'Patient', 'Student', 'Holder', 'Account name', 'NAME', 'name',
];

// {X} person phrase; fillers as in synthetic.ts plus {W} a noun, {J} an adjective, {V} a verb.
const PERSON_FRAMES = [
  '{X} {VP} the {W}', '{X} will look at the {W} on {DAY}', 'please {V} {X} about the {W}', 'I {VP} {X} yesterday', 'ask {X} about the {J} {W}',
  'the {W} belongs to {X}', '{X} is {J}', '{X} said the {W} was {J}', 'according to {X} the {W} is {J}', 'I had lunch with {X}', 'this is for {X}',
  'written by {X}', 'cc {X}', '{K}: {X}', '{K}:{X}', '{K} - {X}', 'between {X} and {X}', 'is {X} still {J}?', 'who is {X}', 'tell {X} the {W} is {J}',
  '{X} ({NUM})', '{X}, {NUM}, {VP} the {W}', '{X} has been {J} since {MONTH}', 'my name is {X}', "i'm {X}", 'this is {X}', "it's {X}", '{X} here',
  'under the name {X}', 'in the name of {X}', 'on behalf of {X}', 'reply to {X}', 'from {X}', 'to: {X}', 'hi {X}', 'dear {X}', 'thanks {X}', 'hello {X},',
  "{X}'s {W} is {J}", "we need {X}'s {W}", 'the {W} that {X} {VP}', 'did {X} {V} the {W}?', 'can {X} {V} the {W} by {DAY}?', '{X} and I {VP} the {W}',
  'send the {W} to {X}', 'add {X} to the {W}', 'remove {X} from the {ORG} list', 'the {J} {W} from {X}', '{X} wants to {V} the {W}', 'call {X} back',
  '{X} joined {ORG} as {JOB}', '{X}, {JOB} at {ORG}', 'assigned to {X}', 'signed, {X}', '— {X}', '-- \n{X}', 'regards,\n{X}', '{X} wrote:', 'quote from {X}',
  'interview with {X}', 'a {J} {W} by {X}', 'photo: {X}', 'meeting with {X} at {NUM}', 'my {REL} is {X}', 'I am {X}, the {ROLE}', "{X}'s {REL} {VP} the {W}",
  // Lists, transcripts and names used as modifiers, as people write them anywhere.
  '{F}, {F} and {F} {VP} the {W}', '{L}, {L} and {L}', 'guests: {F}, {F}, {F}, {F} and {F}', 'invite {F}, {F}, and {F}',
  '{F}: {J} {W}!', '{F}: "where is the {W}?"\n{F}: "{J}."', '{X} told {X}: "{J} {W}!"', 'the {L} {W} is {J}', 'a {P} {W}',
];
const PLACE_FRAMES = [
  'I live in {Y}', 'we moved to {Y} in {MONTH}', 'she is from {Y}', 'flights to {Y} on {DAY}', 'the {W} in {Y} is {J}', 'weather in {Y}',
  'shipping to {Y}', 'our office in {Y}', 'born in {Y}', 'visiting {Y} next week', '{Y} is {J} this time of year', 'between {Y} and {Y}',
  'the {C} office', 'what time is it in {Y}?', 'hotels near {Y}', 'the train from {Y} to {Y}', 'I grew up near {Y}', '{K}: {Y}', 'City: {C}',
  'Country: {N}', 'based in {Y}', '{C}-based {ORG}', 'relocating from {Y}', 'the {J} {W} of {Y}', 'our team in {Y} {VP} the {W}', 'made in {N}',
  'I stayed in {Y} for {NUM} days', 'the {ORG} store in {Y}', 'people in {Y} {V} the {W}', 'from {Y} with love', 'trip to {Y}?', 'back in {Y}',
  'is {Y} safe?', 'the road to {Y}', 'delivery to {Y} takes {NUM} days', 'summer in {Y}', '{Y} {VP} the {W}', 'the mayor of {C}',
];
const ADDRESS_FRAMES = [
  'send it to {Z}', 'my address is {Z}', 'I live at {Z}', 'deliver to {Z}', 'billing address: {Z}', 'we are at {Z}', '{Z} is the new office',
  'meet at {Z}', 'the {W} at {Z}', 'moved from {Z} to {Z}', 'address:\n{Z}', 'ship to\n{Z}', 'the flat at {Z} is {J}', 'pick up from {Z}',
  'our new address: {Z}', 'return it to {Z}', '{K}\n{Z}', 'mail goes to {Z}', 'is {Z} correct?', 'Address - {Z}', 'located at {Z}', 'the shop on {Z}',
];
const NEUTRAL = [
  'the {W} is {J}', 'I need help with my {W}', 'the {PROD} keeps crashing', '{ORG} charged me twice', 'see {STD}', 'order {CODE} is late',
  'version {VER} broke the {W}', 'see you on {DAY}', 'due in {MONTH}', 'the {ADJ} {W} team', 'our {NAT} partners {VP} the {W}', 'ticket {CODE}',
  'can you {V} the {W}', 'the {J} {W} costs {NUM} dollars', 'I love {SONG}', 'reading {BOOK} again', 'the {ORG} app is {J}', 'please {V} it',
  'thanks in advance', 'no rush', 'any update?', 'the {W} {VP} at {NUM}:00', 'my {W} is {J}', 'Quarterly {W} Review', 'the {ADJ} {W} Program',
  '{ORG} {VP} the {W}', 'the {PROD} from {ORG}', 'I bought a {PROD} on {DAY}', '{DAY} works for me', 'in {MONTH} {NUM}', 'the {JOB} role is open',
  'Re: {SONG}', '{BOOK} is {J}', '{K}: {CODE}', 'Status: {J}', 'Priority: High', 'the {NAT} version of {PROD}', 'talk to {ORG} support',
  'the {ADJ} {W} at {ORG}', 'see section {NUM} of the {ORG} Guide', 'Team {ADJ} won', '{MONTH} newsletter', 'our {ADJ} plan',
  // Companies where people and places also stand: "from {ORG}", "at {ORG}", "{ORG}: ...".
  'she is from {ORG}', 'he works at {ORG}', 'the {ORG} office is closed', 'I spent a year at {ORG}', 'my contract with {ORG}', 'thanks to {ORG}',
  '{ORG}: {W} and {W}', 'our partners {ORG} and {ORG}', 'a {J} {W} by {ORG}',
];
const CONNECTORS = [' and ', ', ', '. ', '; ', ' but ', ' because ', ' so ', '\n', ' - ', ' — ', '. Also, ', '! ', '? ', ' then ', '\n\n'];
const OPENERS = [
  '', '', '', '', '', '', 'user: ', 'bot: how can I help?\nuser: ', '> ', '- ', '* ', 'Q: ', '[10:42] ', 'Re: ', 'FW: ', 'Note: ', 'PS ', 'ok so ',
  'hi, ', 'Hello team,\n', 'URGENT: ', '1. ', 'Hey! ', 'Update: ', '"', '(', 'Subject: ', 'Hi all,\n\n',
];
const ENDINGS = ['', '', '.', '.', '.', '!', '?', '!!', '...', ' thanks', ' :)', ' pls', ' asap', '\nThanks', '\n\nBest', ')', '"', ' lol'];

const PAST_VERBS = [
  'sent', 'signed', 'fixed', 'booked', 'cancelled', 'approved', 'rejected', 'checked', 'ordered', 'returned', 'shared', 'found', 'lost', 'paid',
  'opened', 'closed', 'reviewed', 'updated', 'moved', 'forwarded', 'emailed', 'called', 'visited', 'bought', 'sold', 'wrote', 'read', 'broke', 'built',
];
