// Generates the pii-wild evaluation set: PII texts in shapes unlike presidio-synth (chat
// transcripts, signatures, CRM notes, log lines, JSON, forms) with exact gold spans, and harmless
// texts that look risky. Every template, word list and value rule is written here by hand; values
// are random but valid (phones pass libphonenumber-js, cards Luhn, IBANs ibantools' mod-97 and
// national checks). Templates are
// split 50/50 into dev and test with a fixed seed, so no template shape crosses the split.
// Run: node bench/data/pii-wild/generate.mjs   (rewrites the four .jsonl files byte for byte)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { seededText } from '../../../data/harmless-numbers/seeded-text.mjs';

const require = createRequire(import.meta.url);
const { parsePhoneNumberFromString } = require('libphonenumber-js');
const { isValidIBAN } = require('ibantools');

const INSTANCES = 3;
const r = seededText(20261201);
const { rnd, int, pick, digits, upper, hex, pad } = r;
const chance = (p) => rnd() < p;
const alnum = (n, set = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') => Array.from({ length: n }, () => set[int(0, set.length - 1)]).join('');
const ascii = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

// ---- people -------------------------------------------------------------------------------
const CULTURES = {
  es: { first: ['Alejandro', 'María José', 'Javier', 'Lucía', 'Carmen', 'Andrés', 'Guadalupe', 'Sergio', 'Ximena', 'Rodrigo', 'Inés', 'Gonzalo'],
    last: ['Fernández López', 'Ruiz Ortega', 'Hernández Vidal', 'Castillo Romero', 'Navarro Gil', 'Morales Prieto', 'Domínguez Soto', 'Jiménez Cruz', 'Iglesias', 'Villanueva'] },
  in: { first: ['Priya', 'Rohan', 'Ananya', 'Vikram', 'Lakshmi', 'Arjun', 'Deepika', 'Sanjay', 'Kavya', 'Aditya', 'Harpreet', 'Venkatesh'],
    last: ['Sharma', 'Iyer', 'Reddy', 'Patel', 'Chatterjee', 'Nair', 'Gupta', 'Krishnamurthy', 'Singh', 'Banerjee', 'Menon', 'Deshpande'] },
  zh: { first: ['Wei', 'Xiaoming', 'Jing', 'Hao', 'Mei', 'Yuxuan', 'Zhiwei', 'Lingling', 'Jun', 'Xiaoyu', 'Qiang', 'Ying'],
    last: ['Zhang', 'Wang', 'Liu', 'Chen', 'Huang', 'Zhao', 'Xu', 'Sun', 'Zhou', 'Lin'], surnameFirst: 0.5 },
  ar: { first: ['Mohammed', 'Fatima', 'Omar', 'Layla', 'Youssef', 'Aisha', 'Khalid', 'Noor', 'Hamza', 'Mariam', 'Tariq', 'Samira'],
    last: ['Al-Rashid', 'El-Sayed', 'Haddad', 'Al-Farsi', 'Mansour', 'Abdullah', 'Nasser', 'Al-Qahtani', 'Khalil', 'Saleh'] },
  ng: { first: ['Chukwuemeka', 'Oluwaseun', 'Ngozi', 'Adebayo', 'Chiamaka', 'Emeka', 'Funmilayo', 'Ibrahim', 'Yetunde', 'Obinna', 'Tunde', 'Amaka'],
    last: ['Okonkwo', 'Adeyemi', 'Eze', 'Balogun', 'Nwosu', 'Okafor', 'Abubakar', 'Ogunleye', 'Chukwu', 'Adeleke'] },
  vn: { first: ['An', 'Lan', 'Tuấn', 'Hà', 'Anh', 'Mai', 'Bảo', 'Linh', 'Dũng', 'Hương'],
    middle: ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Quốc', 'Ngọc', 'Hữu'],
    last: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Phan'], vietnamese: true },
  eu: { first: ['James', 'Emily', 'Hannah', 'Lukas', 'Jürgen', 'Camille', 'Étienne', 'Sophie', 'Mathieu', 'Claire', 'Siobhan', 'Declan', 'Greta', 'Piotr'],
    last: ["O'Connor", 'Carter', 'Schröder', 'Becker', 'Weiß', 'Dubois', 'Lefèvre', 'Martin', 'Girard', 'Fontaine', 'Murphy', 'McAllister', 'Kowalczyk', 'Lindqvist'] },
};
const DOMAINS = ['acme-logistics.com', 'northwind.io', 'globex.co.uk', 'initech.de', 'contoso.fr', 'gmail.com', 'outlook.com', 'yahoo.co.in', 'hotmail.es', 'qq.com', 'proton.me', 'zenith-health.org'];

function person() {
  const c = CULTURES[pick(Object.keys(CULTURES))];
  let first = pick(c.first);
  let last = pick(c.last);
  let full;
  if (c.vietnamese) {
    const mid = pick(c.middle);
    full = `${last} ${mid} ${first}`;
    if (chance(0.4)) { full = ascii(full); first = ascii(first); last = ascii(last); }
  } else full = chance(c.surnameFirst ?? 0) ? `${last} ${first}` : `${first} ${last}`;
  const f = ascii(first).toLowerCase().replace(/[^a-z]/g, '');
  const l = ascii(last).toLowerCase().replace(/[^a-z]/g, '');
  const local = pick([`${f}.${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}${int(1, 99)}`, `${l}.${f}`, `${f}.${l}+billing`]);
  return { first, last, full, email: `${local}@${pick(DOMAINS)}` };
}

// ---- addresses ----------------------------------------------------------------------------
const US_CITIES = [['Springfield', 'IL'], ['Austin', 'TX'], ['Columbus', 'OH'], ['Portland', 'OR'], ['Raleigh', 'NC'], ['Boise', 'ID'], ['Tucson', 'AZ'], ['Madison', 'WI'], ['Albany', 'NY'], ['Fresno', 'CA']];
const UK_TOWNS = [['London', 'SW', 'N', 'E'], ['Manchester', 'M'], ['Leeds', 'LS'], ['Bristol', 'BS'], ['Sheffield', 'S'], ['Cardiff', 'CF'], ['Glasgow', 'G'], ['Norwich', 'NR'], ['Reading', 'RG']];
const DE_CITIES = ['Berlin', 'München', 'Hamburg', 'Köln', 'Leipzig', 'Stuttgart', 'Dresden', 'Freiburg im Breisgau', 'Nürnberg'];
const FR_CITIES = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Lille', 'Bordeaux', 'Rennes'];
const IN_PLACES = [['Indiranagar', 'Bengaluru'], ['Koramangala', 'Bengaluru'], ['Andheri West', 'Mumbai'], ['Banjara Hills', 'Hyderabad'], ['Salt Lake', 'Kolkata'], ['T. Nagar', 'Chennai'], ['Kothrud', 'Pune']];

function usAddress(lines = false) {
  const [city, st] = pick(US_CITIES);
  const street = `${int(12, 9899)} ${pick(['Maple', 'Oak Ridge', 'Cedar Hollow', 'Willow Creek', '5th', 'Lakeshore', 'Sunset', 'Pine Valley', 'Highland', 'N Jefferson'])} ${pick(['St', 'Street', 'Ave', 'Avenue', 'Blvd', 'Rd', 'Drive', 'Ln', 'Court', 'Way'])}`;
  const unit = pick(['', '', ', Apt 4B', ' Suite 210', `, Unit ${int(1, 40)}`, ` Apt. ${int(1, 30)}${pick(['A', 'C', ''])}`]);
  const zip = chance(0.2) ? `${digits(5)}-${digits(4)}` : String(int(10000, 99899));
  return lines ? `${street}${unit}\n${city}, ${st} ${zip}` : `${street}${unit}, ${city}, ${st} ${zip}`;
}
function ukPostcode(prefixes) {
  return `${pick(prefixes)}${int(1, 19)} ${int(1, 9)}${upper(2)}`;
}
function ukAddress(lines = false) {
  const [town, ...pc] = pick(UK_TOWNS);
  const flat = chance(0.3) ? `Flat ${int(1, 12)}, ` : '';
  const street = `${flat}${int(1, 240)} ${pick(['Harcourt', 'Elmfield', 'Kingsley', 'Mill', 'Station', 'Victoria', 'Abbey', 'Orchard'])} ${pick(['Road', 'Lane', 'Close', 'Gardens', 'Crescent', 'Street', 'Terrace'])}`;
  const postcode = ukPostcode(pc);
  return lines ? `${street}\n${town}\n${postcode}` : `${street}, ${town} ${postcode}`;
}
function deAddress(lines = false) {
  const street = `${pick(['Linden', 'Goethe', 'Schiller', 'Bahnhof', 'Kirch', 'Garten', 'Rosen', 'Berg'])}${pick(['straße', 'str.', 'weg', 'allee', 'gasse'])} ${int(1, 140)}${pick(['', '', 'a', 'b'])}`;
  const city = `${pad(int(1, 99), 2)}${digits(3)} ${pick(DE_CITIES)}`;
  return lines ? `${street}\n${city}` : `${street}, ${city}`;
}
function frAddress(lines = false) {
  const street = `${int(1, 180)}${pick(['', '', ' bis'])} ${pick(['rue des Lilas', 'avenue Victor Hugo', 'rue de la République', 'boulevard Jean Jaurès', 'place du Général de Gaulle', 'rue Pasteur', 'impasse des Tilleuls'])}`;
  const city = `${pad(int(1, 95), 2)}${pick(['000', '100', '200', '300', '011', '008'])} ${pick(FR_CITIES)}`;
  return lines ? `${street}\n${city}` : `${street}, ${city}`;
}
function inAddress(lines = false) {
  const [loc, city] = pick(IN_PLACES);
  const house = pick([`Flat No. ${int(101, 1204)}`, `H.No. ${int(1, 20)}-${int(1, 9)}-${int(10, 99)}`, `#${int(1, 300)}`, `Plot ${int(1, 99)}`]);
  const bldg = pick(['Sai Residency', 'Green Park Apartments', 'Shanti Niwas', 'Lotus Enclave', 'Prestige Towers']);
  const road = pick(['14th Cross, 6th Main', 'MG Road', 'Linking Road', '2nd Main Road', 'Station Road', '100 Feet Road']);
  const pin = `${int(4, 7)}${digits(5)}`;
  return lines ? `${house}, ${bldg}\n${road}, ${loc}\n${city} - ${pin}` : `${house}, ${bldg}, ${road}, ${loc}, ${city} ${pin}`;
}
const ADDRESSES = [usAddress, ukAddress, deAddress, frAddress, inAddress];
const address = (lines = false) => pick(ADDRESSES)(lines);

// ---- phones -------------------------------------------------------------------------------
const PHONE_PLANS = {
  US: () => `${pick(['212', '415', '312', '617', '206', '512', '303', '404', '919', '608'])}${int(2, 9)}${digits(6)}`,
  GB: () => (chance(0.5) ? `7${pick(['4', '5', '7', '8', '9'])}${digits(8)}` : `20${pick(['7', '8', '3'])}${digits(7)}`),
  DE: () => (chance(0.5) ? `15${pick(['1', '2', '7'])}${digits(8)}` : `30${int(2, 9)}${digits(7)}`),
  FR: () => `${pick(['6', '7', '1'])}${digits(8)}`,
  IN: () => `${pick(['9', '8', '7'])}${digits(9)}`,
  NG: () => `${pick(['803', '805', '806', '813', '703', '905'])}${digits(7)}`,
  ES: () => `6${digits(8)}`,
  VN: () => `9${pick(['1', '8', '0'])}${digits(7)}`,
  AE: () => `5${pick(['0', '5', '2'])}${digits(7)}`,
  CN: () => `13${pick(['8', '9', '5'])}${digits(8)}`,
};
function phone(country = pick(Object.keys(PHONE_PLANS)), style = pick(['e164', 'intl', 'national', 'national'])) {
  for (let i = 0; i < 200; i += 1) {
    const n = parsePhoneNumberFromString(PHONE_PLANS[country](), country);
    if (!n || !n.isValid()) continue;
    if (style === 'e164') return n.number;
    if (style === 'intl') return n.formatInternational();
    if (country === 'US' && chance(0.3)) return n.nationalNumber.replace(/(\d{3})(\d{3})(\d{4})/, '$1-$2-$3');
    return n.formatNational();
  }
  throw new Error(`no valid ${country} phone`);
}

// ---- checksummed ids, network, secrets, dates ---------------------------------------------
function luhnComplete(prefix, length) {
  const body = prefix + digits(length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
function card() {
  const kind = pick(['visa', 'visa', 'mc', 'amex', 'discover']);
  const n = kind === 'visa' ? luhnComplete('4', 16) : kind === 'mc' ? luhnComplete(`5${int(1, 5)}`, 16) : kind === 'amex' ? luhnComplete(pick(['34', '37']), 15) : luhnComplete('6011', 16);
  const sep = pick([' ', '-', '']);
  if (n.length === 15) return sep ? [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep) : n;
  return n.match(/.{4}/g).join(sep);
}
const IBAN_PLANS = {
  DE: () => digits(18), FR: () => digits(23), ES: () => digits(20), IT: () => `${upper(1)}${digits(22)}`,
  NL: () => `${pick(['ABNA', 'INGB', 'RABO'])}${digits(10)}`, GB: () => `${pick(['NWBK', 'BARC', 'LOYD'])}${digits(14)}`,
};
function iban() {
  const cc = pick(Object.keys(IBAN_PLANS));
  let compact;
  // France and Spain carry national check digits inside the BBAN: draw until ibantools accepts it.
  do {
    const bban = IBAN_PLANS[cc]();
    const numeric = `${bban}${cc}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
    compact = `${cc}${pad(98 - Number(BigInt(numeric) % 97n), 2)}${bban}`;
  } while (!isValidIBAN(compact));
  return chance(0.5) ? compact.match(/.{1,4}/g).join(' ') : compact;
}
function ssn(sep = pick(['-', '-', '-', ' ', ''])) {
  let area;
  do area = int(1, 899); while (area === 666);
  return [pad(area, 3), pad(int(1, 99), 2), pad(int(1, 9999), 4)].join(sep);
}
const ipv4 = () => pick([() => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, () => `192.168.${int(0, 255)}.${int(1, 254)}`, () => `${int(23, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`])();
const ipv6 = () => (chance(0.5) ? `2001:db8:${hex(4)}:${hex(4)}::${hex(3)}` : `fe80::${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`);
const ip = () => (chance(0.75) ? ipv4() : ipv6());
function apiKey() {
  return pick([
    () => `AKIA${alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    () => `ghp_${alnum(36)}`,
    () => `sk_live_${alnum(24)}`,
    () => `xoxb-${digits(12)}-${digits(13)}-${alnum(24)}`,
    () => `sk-proj-${alnum(48)}`,
    () => `AIza${alnum(35, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`,
    () => `SG.${alnum(22)}.${alnum(43)}`,
    () => hex(32),
  ])();
}
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function dob() {
  const y = int(1948, 2004); const m = int(1, 12); const d = int(1, 28);
  return pick([
    `${pad(m)}/${pad(d)}/${y}`, `${pad(d)}/${pad(m)}/${y}`, `${pad(d)}.${pad(m)}.${y}`, `${y}-${pad(m)}-${pad(d)}`,
    `${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${pad(d)}-${MONTHS[m - 1].slice(0, 3)}-${y}`,
  ]);
}

// ---- harmless look-alikes -----------------------------------------------------------------
const orderNo = () => pick([`#${int(100000, 9999999)}`, `A-${digits(5)}-${digits(2)}`, `ORD-${int(2019, 2026)}-${digits(6)}`, `${upper(2)}${digits(8)}`]);
const sku = () => pick([`WH-${int(100, 9999)}XM${int(2, 6)}-BLK`, `SKU-${digits(4)}-${upper(3)}`, `${upper(3)}${digits(5)}${upper(1)}`, `${digits(3)}-${digits(3)}-${digits(3)}`]);
function isbn13() {
  const body = `978${digits(9)}`;
  let s = 0;
  for (let i = 0; i < 12; i += 1) s += Number(body[i]) * (i % 2 ? 3 : 1);
  const n = body + String((10 - (s % 10)) % 10);
  return chance(0.5) ? `${n.slice(0, 3)}-${n[3]}-${n.slice(4, 8)}-${n.slice(8, 12)}-${n[12]}` : n;
}
const isoTs = () => `${int(2021, 2026)}-${pad(int(1, 12))}-${pad(int(1, 28))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}${pick(['Z', '.123Z', '+02:00', ''])}`;
const version = () => pick([`v${int(0, 4)}.${int(0, 30)}.${int(0, 20)}`, `${int(1, 12)}.${int(0, 9)}.${int(0, 99)}`, `10.0.${int(17000, 22631)}.${int(100, 4000)}`, `${int(1, 3)}.${int(0, 9)}.${int(0, 9)}-rc.${int(1, 5)}`]);
const tracking = () => pick([`1Z${upper(3)}${digits(3)}${digits(10)}`, `9400${digits(18)}`, digits(12), `${upper(2)}${digits(9)}GB`, `JD${digits(16)}`]);
const price = () => pick([`$${int(1, 2999)}.${pad(int(0, 99))}`, `€${int(1, 999)},${pad(int(0, 99))}`, `£${int(1, 9)},${digits(3)}.00`, `₹${int(1, 99)},${digits(3)}`, `USD ${int(10, 99999)}`]);
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const PRODUCTS = ['Ultra Comfort Memory Foam Pillow', 'Nova Pro Wireless Earbuds', 'Summit Trail Hiking Boots', 'Aurora Smart Desk Lamp', 'Harbor Grey Linen Sofa', 'Titan Steel Water Bottle', 'Willow Oak Dining Table', 'Sterling Silver Charm Bracelet', 'Maxwell Cast Iron Skillet', 'Jordan Street Canvas Backpack'];
const TEAMS = ['Team', 'Billing Team', 'Support', 'all', 'everyone', 'Platform Team', 'Customer Success'];

// ---- templates ----------------------------------------------------------------------------
// A template is a function of a fresh context returning a list of parts: plain strings, or
// [label, value] pairs that become gold spans. Labels use presidio's names plus DATE_OF_BIRTH and SECRET.
const P = (v) => ['PERSON', v];
const A = (v) => ['STREET_ADDRESS', v];
const E = (v) => ['EMAIL_ADDRESS', v];
const PH = (v) => ['PHONE_NUMBER', v];
const CC = (v) => ['CREDIT_CARD', v];
const IB = (v) => ['IBAN_CODE', v];
const SSN = (v) => ['US_SSN', v];
const IP = (v) => ['IP_ADDRESS', v];
const DOB = (v) => ['DATE_OF_BIRTH', v];
const KEY = (v) => ['SECRET', v];
function t(strings, ...vals) {
  const parts = [];
  strings.forEach((s, i) => { parts.push(s); if (i < vals.length) parts.push(vals[i]); });
  return parts;
}

const PII_TEMPLATES = [
  // support chat transcripts
  (p = person(), q = person()) => t`[10:02] Customer: hi, my name is ${P(p.full)} and I can't log in\n[10:03] Agent ${P(q.first)}: Sorry to hear that! Can you confirm the email on the account?\n[10:03] Customer: ${E(p.email)}`,
  (p = person()) => t`Agent: Thanks for holding. For verification, can I get your date of birth?\nCustomer: sure, it's ${DOB(dob())}\nAgent: Perfect, and the last phone number we have is ${PH(phone())}, is that still right?\nCustomer: yes`,
  (p = person(), q = person()) => t`Chat started 14:21\n${P(q.first)} (Support): Hello! How can I help today?\nVisitor: hey I was double charged on card ${CC(card())}\n${P(q.first)} (Support): I'm sorry ${P(p.first)}, let me check that for you.`,
  (p = person()) => t`user: pls update my shipping address to ${A(address())}\nbot: Got it. I've updated the address for order ${orderNo()}.`,
  (p = person(), q = person()) => t`${P(q.full)}: can you call me back on ${PH(phone('GB'))}? I'm out until 4\n${P(p.full)}: will do, speak soon`,
  (p = person()) => t`Customer wrote: "I moved last month, new address is ${A(address())}. Also my number changed to ${PH(phone())}."`,
  (p = person()) => t`> hello, it's ${P(p.full)} again, the refund for ${orderNo()} still hasn't arrived. you can reach me at ${E(p.email)} or ${PH(phone('IN'))}`,
  (p = person(), q = person()) => t`Transcript #${int(10000, 99999)}\nAGENT (${P(q.first)}): Could you read me the IBAN for the refund?\nCALLER: ${IB(iban())}\nAGENT (${P(q.first)}): Thank you, Mr. ${P(p.last)}.`,
  (p = person()) => t`Live chat — visitor ${P(p.full)} asked why their SSN ${SSN(ssn('-'))} shows on the tax form preview. Escalated to tier 2.`,
  (p = person()) => t`Hi, this is ${P(p.first)} from accounts. My DOB is ${DOB(dob())} and my postcode is in the profile already. Can you reset 2FA?`,
  (p = person(), q = person()) => t`WhatsApp export\n12/03/25, 09:14 - ${P(p.full)}: Hola! I'm sending the deposit today\n12/03/25, 09:15 - ${P(q.full)}: Great, use ${IB(iban())} please\n12/03/25, 09:15 - ${P(p.full)}: 👍`,
  (p = person()) => t`[support] ${P(p.full)} says the courier couldn't find ${A(address())}. Customer phone ${PH(phone('US'))}.`,
  // e-mail signatures
  (p = person()) => t`Thanks,\n${P(p.full)}\nSenior Account Manager | Northwind Traders\nM: ${PH(phone())}\n${E(p.email)}`,
  (p = person()) => t`Best regards,\n\n${P(p.full)}\nHead of Procurement\n${A(address(true))}\nTel. ${PH(phone('DE', 'intl'))}`,
  (p = person()) => t`--\n${P(p.full)} | Data Engineer\n${E(p.email)} | ${PH(phone('IN', 'intl'))}\nSent from my iPhone`,
  (p = person()) => t`Cordialement,\n${P(p.full)}\nResponsable commerciale\n${A(address(true))}\nMobile : ${PH(phone('FR', 'national'))}`,
  (p = person()) => t`Kind regards\n${P(p.full)}\nPhone: ${PH(phone('GB', 'national'))}\nEmail: ${E(p.email)}\nThis e-mail and any attachments are confidential.`,
  (p = person()) => t`Cheers, ${P(p.first)}\n\n${P(p.full)} · Customer Success Lead\nDirect ${PH(phone('US', 'national'))} · Mobile ${PH(phone('US', 'e164'))}`,
  (p = person()) => t`Saludos,\n${P(p.full)}\nDirectora de Operaciones\nTel: ${PH(phone('ES', 'intl'))}\n${E(p.email)}`,
  (p = person()) => t`Warm regards,\n${P(p.full)}\nFounder & CEO\n${PH(phone('NG', 'intl'))}\n${A(address(true))}`,
  (p = person()) => t`Mit freundlichen Grüßen\n${P(p.full)}\n${A(address())}\nTelefon ${PH(phone('DE', 'national'))}`,
  (p = person()) => t`Regards,\n${P(p.full)} (she/her)\nPeople Operations\n${E(p.email)}`,
  // CRM notes
  (p = person()) => t`Called ${P(p.full)} re: renewal. Prefers WhatsApp on ${PH(phone())}. Follow up next Tue.`,
  (p = person(), q = person()) => t`Note by ${P(q.first)}: met ${P(p.full)} at the expo, interested in the enterprise tier. Card on file ending ${int(1000, 9999)}. Email ${E(p.email)}.`,
  (p = person()) => t`Contact: ${P(p.full)}; DOB ${DOB(dob())}; SSN ${SSN(ssn())}; lives at ${A(address())}`,
  (p = person()) => t`Lead updated — ${P(p.full)} moved to ${A(address())}. New mobile ${PH(phone())}.`,
  (p = person(), q = person()) => t`Spoke with ${P(p.full)} and ${P(q.full)} about the invoice dispute. ${P(p.first)} will send the bank details (${IB(iban())}) by Friday.`,
  (p = person()) => t`Account owner changed from ${P(person().full)} to ${P(p.full)} (${E(p.email)}) per ticket ${orderNo()}.`,
  (p = person()) => t`VIP: ${P(p.full)}. Do not call before 10am. Office: ${PH(phone())}. Assistant: ${P(person().full)}.`,
  (p = person()) => t`Customer ${P(p.full)} disputes charge of ${price()} on card ${CC(card())}; chargeback opened.`,
  (p = person()) => t`Follow-up: ${P(p.first)} asked us to stop using the old address (${A(address())}) and mail statements to ${E(p.email)} instead.`,
  (p = person()) => t`Onboarding call w/ ${P(p.full)} — birthday ${DOB(dob())}, wants quarterly statements, prefers Hindi or English.`,
  // log lines
  () => t`${isoTs()} INFO  auth.login user=${E(person().email)} ip=${IP(ip())} result=success`,
  () => t`${isoTs()} WARN  rate-limit exceeded for client ${IP(ipv4())} (${int(200, 900)} req/min) on /v1/chat`,
  () => t`${IP(ipv4())} - - [${pad(int(1, 28))}/Mar/2025:${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))} +0000] "POST /api/signup HTTP/1.1" 201 ${int(100, 999)} "-" "Mozilla/5.0"`,
  () => t`ERROR payment-svc: charge failed card=${CC(card())} amount=${int(5, 999)}.00 currency=EUR code=card_declined`,
  () => t`DEBUG http: Authorization header set, token=${KEY(apiKey())} (req ${uuid()})`,
  () => t`${isoTs()} sshd[${int(1000, 65000)}]: Failed password for invalid user admin from ${IP(ip())} port ${int(1024, 65535)} ssh2`,
  (p = person()) => t`level=info msg="profile updated" user_name="${P(p.full)}" email=${E(p.email)} phone="${PH(phone('US', 'e164'))}"`,
  () => t`[${isoTs()}] export job ${int(100, 999)}: wrote row {ssn: ${SSN(ssn('-'))}, dob: ${DOB(dob())}} to staging`,
  () => t`WARN config: found hard-coded credential AWS_ACCESS_KEY_ID=${KEY(`AKIA${alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`)} in settings.py line ${int(10, 400)}`,
  () => t`kernel: [UFW BLOCK] IN=eth0 OUT= SRC=${IP(ipv4())} DST=${IP(ipv4())} PROTO=TCP SPT=${int(1024, 65535)} DPT=22`,
  (p = person()) => t`audit: ${E(p.email)} exported customer list from ${IP(ipv6())} at ${isoTs()}`,
  () => t`notify-svc sent SMS to ${PH(phone(undefined, 'e164'))} template=otp status=delivered`,
  // JSON payloads
  (p = person()) => t`{"customer": {"name": "${P(p.full)}", "email": "${E(p.email)}", "phone": "${PH(phone(undefined, 'e164'))}"}, "plan": "pro"}`,
  (p = person()) => t`{"id": ${int(1000, 99999)}, "full_name": "${P(p.full)}", "dob": "${DOB(dob())}", "ssn": "${SSN(ssn('-'))}"}`,
  () => t`{"payment_method": {"type": "card", "number": "${CC(card())}", "exp": "${pad(int(1, 12))}/${int(26, 31)}"}}`,
  (p = person()) => t`{\n  "shipping": {\n    "recipient": "${P(p.full)}",\n    "address": "${A(address())}"\n  },\n  "sku": "${sku()}"\n}`,
  () => t`{"openai_api_key": "${KEY(`sk-proj-${alnum(48)}`)}", "model": "gpt-4o", "temperature": 0.2}`,
  (p = person()) => t`{"event":"login","user":{"email":"${E(p.email)}"},"ip":"${IP(ip())}","ts":"${isoTs()}"}`,
  (p = person()) => t`{"beneficiary": "${P(p.full)}", "iban": "${IB(iban())}", "amount": ${int(10, 9000)}.00, "reference": "INV-${digits(6)}"}`,
  (p = person()) => t`payload = {'first_name': '${P(p.first)}', 'last_name': '${P(p.last)}', 'mobile': '${PH(phone())}'}`,
  () => t`{"github_token": "${KEY(`ghp_${alnum(36)}`)}", "repo": "acme/infra"}`,
  (p = person()) => t`[{"contact":"${P(p.full)}","tel":"${PH(phone('VN', 'intl'))}"},{"contact":"${P(person().full)}","tel":"${PH(phone('CN', 'intl'))}"}]`,
  // forms
  (p = person()) => t`Name: ${P(p.full)}\nDate of Birth: ${DOB(dob())}\nAddress: ${A(address())}\nPhone: ${PH(phone())}`,
  (p = person()) => t`APPLICANT DETAILS\nFull name ........ ${P(p.full)}\nSSN .............. ${SSN(ssn('-'))}\nEmail ............ ${E(p.email)}`,
  (p = person()) => t`First name: ${P(p.first)}\nLast name: ${P(p.last)}\nD.O.B.: ${DOB(dob())}\nMobile: ${PH(phone())}`,
  (p = person()) => t`Cardholder: ${P(p.full)} | Card number: ${CC(card())} | Expiry: ${pad(int(1, 12))}/${int(26, 31)} | Billing address: ${A(address())}`,
  (p = person()) => t`Emergency contact — ${P(p.full)}, ${PH(phone())}`,
  (p = person()) => t`Patient: ${P(p.full)}   DOB: ${DOB(dob())}   MRN: ${digits(8)}\nReferred by Dr. ${P(person().last)}`,
  (p = person()) => t`Account holder: ${P(p.full)}\nIBAN: ${IB(iban())}\nBIC: ${upper(4)}DE${upper(2)}XXX`,
  (p = person()) => t`Tenant name(s): ${P(p.full)}\nProperty address: ${A(address())}\nMonthly rent: ${price()}`,
  (p = person()) => t`Guest: ${P(p.full)} / Passport nationality: IN / Contact: ${E(p.email)} / Arrival ${int(1, 28)} May`,
  (p = person()) => t`Bewerber: ${P(p.full)}\nGeburtsdatum: ${DOB(dob())}\nAnschrift: ${A(deAddress())}`,
  (p = person()) => t`Nom : ${P(p.full)}\nDate de naissance : ${DOB(dob())}\nAdresse : ${A(frAddress())}\nTél : ${PH(phone('FR', 'national'))}`,
  (p = person()) => t`Employee: ${P(p.full)}\nSocial Security No: ${SSN(ssn())}\nDirect deposit IBAN: ${IB(iban())}`,
  // free prompts and messages
  (p = person()) => t`Can you draft a polite reminder to ${P(p.full)} (${E(p.email)}) that the invoice is 30 days overdue?`,
  (p = person()) => t`Summarise this complaint from ${P(p.full)}, who lives at ${A(address())}: the parcel arrived damaged twice.`,
  (p = person(), q = person()) => t`Write a reference letter for ${P(p.full)}, who worked under ${P(q.full)} for three years.`,
  (p = person()) => t`Translate to Spanish: "Dear ${P(p.first)}, your appointment is confirmed. Call ${PH(phone('ES', 'national'))} if you need to reschedule."`,
  (p = person()) => t`my ssn is ${SSN(ssn())} and dob ${DOB(dob())}, why does the form keep rejecting it??`,
  (p = person()) => t`Is this IBAN valid? ${IB(iban())} — it belongs to ${P(p.full)}`,
  (p = person()) => t`Please send the contract to ${P(p.full)} at ${A(address())} and cc ${E(p.email)}.`,
  (p = person()) => t`Why does my card ${CC(card())} get declined on your site? I'm ${P(p.full)}.`,
  (p = person(), q = person()) => t`Meeting notes: ${P(p.first)} and ${P(q.first)} agreed to share the draft by Monday. ${P(q.first)} can be reached at ${PH(phone())}.`,
  () => t`I accidentally pasted our Stripe key ${KEY(`sk_live_${alnum(24)}`)} into the channel, how do I rotate it?`,
  () => t`Why is my Slack bot token ${KEY(`xoxb-${digits(12)}-${digits(13)}-${alnum(24)}`)} returning invalid_auth?`,
  () => t`export GOOGLE_API_KEY=${KEY(`AIza${alnum(35)}`)}\nnpm run start`,
  (p = person()) => t`Hey ${P(p.first)}, the server at ${IP(ipv4())} is down again, can you reboot it?`,
  (p = person()) => t`Birthday list: ${P(p.full)} — born ${DOB(dob())}; ${P(person().full)} — born ${DOB(dob())}`,
  (p = person()) => t`Text from ${PH(phone('NG', 'national'))}: "This is ${P(p.first)}, I'm outside the gate"`,
  (p = person()) => t`Forwarding for ${P(p.full)}: please update her bank details to ${IB(iban())} before the next payroll.`,
  (p = person()) => t`New hire ${P(p.full)} starts Monday. Personal email ${E(p.email)}, home address ${A(address())}.`,
  (p = person()) => t`Can you check why ${E(p.email)} never received the password reset? Sent from ${IP(ip())}.`,
  (p = person()) => t`RE: delivery\n\nHi ${P(p.first)},\nThe driver tried ${A(address())} twice. Please call ${PH(phone())}.\n\nThanks`,
  (p = person()) => t`Dear ${P(p.full)},\n\nWe received your application dated ${int(1, 28)}/${int(1, 12)}/2025. Your reference is ${orderNo()}.`,
  (p = person()) => t`From: ${P(p.full)} <${E(p.email)}>\nTo: ${E('support@northwind.io')}\nSubject: wrong charge on ${CC(card())}`,
  (p = person()) => t`Mr. ${P(p.last)} called from ${PH(phone())} about the lease at ${A(address())}.`,
  (p = person()) => t`Dr. ${P(p.full)} will see the patient (DOB ${DOB(dob())}) on Thursday.`,
  (p = person()) => t`Ticket: "${P(p.full)}" reports that the app shows someone else's address (${A(address())}) on her profile.`,
  (p = person(), q = person()) => t`${P(p.full)}, ${P(q.full)} and ${P(person().full)} have been added to the on-call rota.`,
  (p = person()) => t`Please wire ${price()} to ${P(p.full)}, IBAN ${IB(iban())}, reference rent March.`,
  (p = person()) => t`I'm ${P(p.full)}, SSN ${SSN(ssn())}. I need a copy of my 1099.`,
  (p = person()) => t`Parcel for ${P(p.full)}\n${A(address(true))}\n${PH(phone())}`,
  (p = person()) => t`Ship to:\n${P(p.full)}\n${A(usAddress(true))}`,
  (p = person()) => t`Deliver to ${P(p.full)}, ${A(inAddress())}. Mob: ${PH(phone('IN', 'national'))}`,
  (p = person()) => t`Shipping label: ${P(p.full)}, ${A(ukAddress())}, tel ${PH(phone('GB', 'intl'))}`,
  (p = person()) => t`Rechnung an ${P(p.full)}, ${A(deAddress())}; IBAN ${IB(iban())}`,
  () => t`.env\nDATABASE_URL=postgres://app@db:5432/app\nSENDGRID_API_KEY=${KEY(`SG.${alnum(22)}.${alnum(43)}`)}\nNODE_ENV=production`,
  () => t`curl -H "Authorization: Bearer ${KEY(`sk-proj-${alnum(48)}`)}" https://api.example.com/v1/models`,
  () => t`aws_secret_access_key = ${KEY(alnum(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'))}`,
  () => t`x-api-key: ${KEY(hex(32))}`,
  (p = person()) => t`${P(p.full)} (${PH(phone(undefined, 'intl'))}) left a voicemail asking about order ${orderNo()}.`,
  (p = person()) => t`Verified identity of ${P(p.full)} using DOB ${DOB(dob())} and last four of SSN.`,
  (p = person()) => t`Hey ${P(p.first)}, can you add ${E(person().email)} to the shared drive? thx`,
  (p = person()) => t`Security alert: new sign-in for ${E(p.email)} from ${IP(ip())} (Chrome on Windows).`,
  (p = person()) => t`Pickup contact ${P(p.full)}; alt phone ${PH(phone('AE', 'intl'))}`,
  (p = person()) => t`Customer ${P(p.full)} (${PH(phone('CN', 'national'))}) requests invoice in English.`,
  (p = person()) => t`Liên hệ: ${P(p.full)}, ĐT ${PH(phone('VN', 'national'))}`,
];

const HARMLESS_TEMPLATES = [
  () => `Hi ${pick(TEAMS)},\nOrder ${orderNo()} shipped today via UPS ${tracking()}. Total ${price()}.`,
  () => `Where is my order ${orderNo()}? Tracking says ${tracking()} but nothing since Monday.`,
  () => `Please restock SKU ${sku()} and ${sku()} before the weekend sale.`,
  () => `ISBN ${isbn13()} is out of print; suggest the second edition instead.`,
  () => `${isoTs()} INFO worker-${int(1, 9)} processed ${int(100, 99999)} jobs in ${int(1, 900)} ms`,
  () => `Upgrade from ${version()} to ${version()} fixed the memory leak.`,
  () => `commit ${hex(40)}\nAuthor: CI Bot\n\n    chore: bump dependencies`,
  () => `sha256: ${hex(64)}  release.tar.gz`,
  () => `Request ${uuid()} took ${int(1, 3000)} ms (p99 ${int(100, 900)} ms).`,
  () => `The ${pick(PRODUCTS)} is back in stock at ${price()}.`,
  () => `${pick(['Review', 'Approve', 'Sign', 'Check'])} Attached ${pick(['Quarterly Report', 'Budget Draft', 'Vendor Contract', 'Release Notes'])} Before ${pick(['Friday', 'Monday', 'EOD', 'Noon'])}`,
  () => `Hi ${pick(TEAMS)},\nQuick reminder that the sprint review moves to ${pad(int(9, 17))}:00 tomorrow.\nThanks!`,
  () => `Dear Customer Support,\nThe ${pick(PRODUCTS)} I bought (order ${orderNo()}) stopped charging. Can I get a replacement?`,
  () => `const total = items.reduce((sum, it) => sum + it.price * it.qty, 0); // ${price()}`,
  () => `for i in range(${int(2, 100)}):\n    print(hash(i) % ${int(1000, 99999)})`,
  () => `SELECT id, created_at FROM orders WHERE total > ${int(10, 999)} AND status = 'PAID' LIMIT ${int(10, 500)};`,
  () => `docker run -p ${int(3000, 9000)}:${int(80, 8080)} registry.local/app:${version()}`,
  () => `Windows build ${version()} is rolling out; restart required.`,
  () => `Error 0x${hex(8).toUpperCase()} when installing update KB${int(4000000, 5099999)}.`,
  () => `Invoice INV-${int(2020, 2026)}-${digits(5)} for ${price()} is due on ${int(1, 28)} ${pick(MONTHS)}.`,
  () => `Your verification code is ${digits(6)}. It expires in 10 minutes.`,
  () => `Flight ${upper(2)}${int(100, 9999)} departs ${pad(int(0, 23))}:${pad(int(0, 59))} from gate ${upper(1)}${int(1, 60)}.`,
  () => `The meeting on ${pad(int(1, 12))}/${pad(int(1, 28))}/2025 is moved to room ${int(100, 999)}.`,
  () => `Thanks, The ${pick(['Billing', 'Support', 'Growth', 'Data'])} Team`,
  () => `Get Started With ${pick(['Advanced Analytics', 'Smart Routing', 'Team Workspaces', 'Cloud Backup'])} In ${pick(['Three', 'Five', 'Two'])} Steps`,
  () => `Summarize the attached ${pick(PRODUCTS)} reviews and list the top ${int(3, 10)} complaints.`,
  () => `npm ERR! code E${int(400, 504)}\nnpm ERR! ${int(400, 504)} Not Found - GET https://registry.npmjs.org/left-pad/-/left-pad-${version()}.tgz`,
  () => `Serial number ${upper(2)}${digits(10)} is not covered by warranty.`,
  () => `Batch ${digits(8)} expires ${int(2026, 2029)}-${pad(int(1, 12))}. Lot ${upper(1)}${digits(5)}.`,
  () => `Part no. ${digits(3)}-${digits(2)}-${digits(4)}-${upper(2)} is backordered until Q${int(1, 4)}.`,
  () => `Price list: ${pick(PRODUCTS)} ${price()}, ${pick(PRODUCTS)} ${price()}, ${pick(PRODUCTS)} ${price()}.`,
  () => `Build #${int(1000, 99999)} passed in ${int(1, 59)}m ${int(1, 59)}s (${hex(7)}).`,
  () => `Coordinates ${int(-89, 89)}.${digits(4)}, ${int(-179, 179)}.${digits(4)} are outside the delivery zone.`,
  () => `Please Confirm Attendance For The ${pick(['Annual Kick-Off', 'Town Hall', 'Design Review', 'Holiday Party'])} On ${pick(MONTHS)} ${int(1, 28)}`,
  () => `Hello Team,\nAttached are the ${pick(MONTHS)} figures: revenue up ${int(1, 40)}%, churn ${int(1, 9)}.${int(0, 9)}%.`,
  () => `The SLA is ${int(95, 99)}.${int(1, 99)}% monthly, measured every ${int(1, 5)} minutes.`,
  () => `pip install torch==${int(1, 2)}.${int(0, 5)}.${int(0, 3)} numpy==${int(1, 2)}.${int(20, 26)}.${int(0, 4)}`,
  () => `GET /api/v2/orders/${int(100000, 999999)}/items?page=${int(1, 50)} 200 ${int(1, 999)}ms`,
  () => `Table ${int(1, 40)} ordered ${int(2, 9)} Margherita, ${int(1, 4)} Quattro Formaggi and a Tiramisu.`,
  () => `Model ${upper(3)}-${int(100, 999)}${upper(1)} draws ${int(5, 600)} W at ${int(110, 240)} V.`,
  () => `Container ${upper(4)}${digits(7)} arrived at port; customs ref ${digits(12)}.`,
  () => `Use color #${hex(6)} for the primary button and #${hex(6)} for hover.`,
  () => `Deploy finished at ${isoTs()} (duration ${int(10, 900)}s, ${int(1, 40)} pods).`,
  () => `Ticket ${upper(3)}-${int(100, 9999)}: Fix Login Redirect On Safari`,
  () => `Benchmark: ${int(1, 99)}.${digits(2)} M ops/s on ${int(2, 64)} cores, ${int(1, 512)} GB RAM.`,
  () => `The recipe needs ${int(100, 900)} g flour, ${int(1, 4)} eggs and ${int(100, 500)} ml milk.`,
  () => `Chapter ${int(1, 30)}, pages ${int(1, 200)}–${int(201, 400)}; see Table ${int(1, 9)}.${int(1, 9)}.`,
  () => `Regards,\nThe ${pick(PRODUCTS)} Team`,
  () => `Hi all,\nQuick Update On The Migration: phase ${int(1, 4)} done, ${int(1, 99)} services left.`,
  () => `Call the endpoint with limit=${int(1, 1000)}&offset=${int(0, 10000)}&sort=-created_at`,
  () => `gpg fingerprint ${hex(4).toUpperCase()} ${hex(4).toUpperCase()} ${hex(4).toUpperCase()} ${hex(4).toUpperCase()} ${hex(4).toUpperCase()}`,
  () => `Room temperature ${int(18, 26)}.${int(0, 9)} °C, humidity ${int(30, 70)}%, CO2 ${int(400, 1500)} ppm.`,
  () => `Account ID ${digits(12)} in region eu-west-${int(1, 3)} has ${int(1, 99)} idle instances.`,
  () => `Dimensions: ${int(10, 200)} x ${int(10, 200)} x ${int(10, 200)} cm, weight ${int(1, 40)}.${int(0, 9)} kg.`,
  () => `Happy Friday, Everyone! Pizza In The Kitchen At ${pick([12, 1, 4])} PM.`,
  () => `Welcome to Premium! Your plan renews on ${pick(MONTHS)} ${int(1, 28)} for ${price()}.`,
  () => `mac build ${int(20, 24)}${upper(1)}${int(10, 999)} crashes on launch; logs in ~/Library/Logs.`,
  () => `Redis ${version()} at localhost:${int(6000, 6999)} reports ${int(1, 999)}k keys.`,
  () => `Return authorisation RMA-${digits(7)} approved for ${pick(PRODUCTS)}.`,
  () => `The Climate Agreement targets are discussed in Section ${int(1, 9)}, Table ${int(1, 9)}.`,
  () => `Starbucks Grande Latte ${price()} — Receipt ${digits(4)}-${digits(4)}-${digits(4)}`,
  () => `Uptime since ${isoTs()}: ${int(1, 400)} days, ${int(0, 23)} hours.`,
  () => `Use regex ^[A-Z]{2}\\d{${int(4, 9)}}$ to validate the voucher code.`,
  () => `Merge Pull Request #${int(1, 9999)} From Feature/Checkout-Redesign`,
  () => `Quote Q-${int(2025, 2026)}-${digits(4)}: ${int(1, 500)} units at ${price()} each, valid ${int(7, 60)} days.`,
  () => `Set TIMEOUT_MS=${int(100, 60000)} and RETRIES=${int(1, 9)} in the config.`,
  () => `Good ${pick(['Morning', 'Afternoon'])} ${pick(TEAMS)}, Please Find Below The Agenda For ${pick(['Today', 'Tomorrow', 'Thursday'])}.`,
  () => `Score: ${int(0, 9)}-${int(0, 9)} after ${int(1, 90)} minutes; attendance ${int(1, 90)},${digits(3)}.`,
  () => `MD5 ${hex(32)} matches the published checksum.`,
  () => `Shipment ${digits(10)} weighs ${int(1, 99)} kg; pallet ${int(1, 20)} of ${int(20, 30)}.`,
  () => `Tracking ${tracking()} — Out For Delivery, Estimated ${pad(int(8, 20))}:00–${pad(int(9, 21))}:00.`,
  () => `Please Update Your Billing Details Before ${pick(MONTHS)} ${int(1, 28)} To Avoid Interruption.`,
  () => `Stack trace: at Object.<anonymous> (/app/src/index.js:${int(1, 400)}:${int(1, 80)})\n    at Module._compile (node:internal/modules/cjs/loader:${int(1000, 1500)}:${int(1, 30)})`,
  () => `Thank You For Your Purchase! Order ${orderNo()} Includes ${int(1, 9)} Items Totalling ${price()}.`,
];

// ---- instantiate and split ----------------------------------------------------------------
function render(parts) {
  let text = '';
  const spans = [];
  for (const part of parts) {
    if (!Array.isArray(part)) { text += String(part); continue; }
    const [entity_type, value] = part;
    spans.push({ entity_type, entity_value: value, start_position: text.length, end_position: text.length + value.length });
    text += value;
  }
  return { full_text: text, spans };
}
const pii = [];
PII_TEMPLATES.forEach((tpl, id) => { for (let k = 0; k < INSTANCES; k += 1) pii.push({ template_id: id, ...render(tpl()) }); });
const harmless = [];
HARMLESS_TEMPLATES.forEach((tpl, id) => { for (let k = 0; k < INSTANCES; k += 1) harmless.push({ template_id: id, text: tpl() }); });

// Fixed-seed 50/50 split by template: a Fisher–Yates shuffle of template ids, first half dev.
function splitIds(count, seed) {
  const s = seededText(seed);
  const ids = Array.from({ length: count }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i -= 1) { const j = s.int(0, i); [ids[i], ids[j]] = [ids[j], ids[i]]; }
  return new Set(ids.slice(0, Math.floor(count / 2)));
}
const piiDev = splitIds(PII_TEMPLATES.length, 10);
const harmlessDev = splitIds(HARMLESS_TEMPLATES.length, 11);
const dir = new URL('./', import.meta.url);
const write = (name, rows) => writeFileSync(new URL(name, dir), `${rows.map((x) => JSON.stringify(x)).join('\n')}\n`);
write('pii-dev.jsonl', pii.filter((s) => piiDev.has(s.template_id)));
write('pii-test.jsonl', pii.filter((s) => !piiDev.has(s.template_id)));
write('harmless-dev.jsonl', harmless.filter((s) => harmlessDev.has(s.template_id)));
write('harmless-test.jsonl', harmless.filter((s) => !harmlessDev.has(s.template_id)));
console.log(`pii: ${pii.length} texts from ${PII_TEMPLATES.length} templates (${pii.reduce((n, s) => n + s.spans.length, 0)} spans); harmless: ${harmless.length} texts from ${HARMLESS_TEMPLATES.length} templates`);
