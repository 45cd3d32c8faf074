import { finding, type Finding, sortByStart } from '../entity-types.js';
import { matchesOf } from '../../../core/regex-matches.js';

// Shapes of names and addresses the tagger was never trained on (it learnt from prose): the value
// of a person key in JSON, logs and code; Vietnamese and Chinese name order; Indian house and
// building heads; form labels and sign-offs that are no names. Each rule is a bounded regex over
// the text (no nested quantifiers), applied after the tagger's own rules.

const L = '\\p{L}\\p{M}';
// Keys whose value is a person's name ("first_name", "lastName", "user_name", "recipient", …); a
// bare "name" key is too often a product, file or company, so it only widens a person the tagger found.
const PERSON_KEY = `(?:(?:first|last|full|given|family|middle|display|user|customer|contact|account|card|holder|patient|guest|passenger|employee|applicant|sender|recipient)[_ -]?name|(?:first|last|full|given|family|middle|display|user|customer|contact)Name|recipient|beneficiary|cardholder|card_holder|account_holder|contact|patient|guest|passenger|employee|applicant|sender)`;
// The value is found first (a ':' or '=' opens it: cheap to scan for), then its key in the 40
// characters before; a key-first regex tried at every position cost ~100 µs per 2 KB.
const QUOTED_VALUE = /[:=][ \t]{0,4}(["'])([^"'\n\\]{1,80})\1/g;
const KEY_BEFORE = new RegExp(`(?:^|[^${L}\\d_])["']?(${PERSON_KEY}|name)["']?[ \\t]{0,4}$`, 'iu');
const NAME_WORD = new RegExp(`^(?:\\p{Lu}[${L}'’.-]{0,30}|de|del|da|das|dos|di|van|von|der|den|ter|ten|bin|binti|bint|al|el|la|le|du)$`, 'u');

const VN_SURNAME = 'Nguyễn|Nguyen|Trần|Tran|Lê|Le|Phạm|Pham|Hoàng|Hoang|Huỳnh|Huynh|Phan|Vũ|Vu|Võ|Vo|Đặng|Dang|Bùi|Bui|Đỗ|Do|Hồ|Ho|Ngô|Ngo|Dương|Duong|Lý|Ly|Trịnh|Trinh|Đinh|Dinh|Lâm|Lam|Trương|Truong|Đoàn|Doan|Lương|Luong|Tạ|Ta|Hà|Ha|Mai|Cao|Châu|Chau|Quách|Quach';
const VN_MIDDLE = 'Văn|Van|Thị|Thi|Đức|Duc|Minh|Thu|Quốc|Quoc|Ngọc|Ngoc|Hữu|Huu|Thanh|Xuân|Xuan|Kim|Gia|Bảo|Bao|Công|Cong|Đình|Dinh|Quang|Thùy|Thuy|Hồng|Hong|Phương|Phuong|Trung|Hải|Hai|Thành|Tiến|Tien|Khánh|Khanh|Nhật|Nhat|Diệu|Dieu|Bích|Bich|Hoài|Hoai|Mạnh|Manh|Thế|The';
// Surname, one or two middle names, given name: "Nguyễn Văn An", "Tran Thi Lan".
const VIETNAMESE = new RegExp(`(?:${VN_SURNAME}) (?:${VN_MIDDLE})(?: (?:${VN_MIDDLE}))? \\p{Lu}[${L}]{0,8}(?![${L}])`, 'gu');
const CN_SURNAMES = new Set(('Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Hu Guo He Lin Luo Gao Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Lu Jin Qian Fang Shi Tan Jia Xia Fu Qin Gu Kong Bai Cui Kang Mao Qiu Hou Shao Meng Long Wan Duan Lei Qian Tang Yin Yi Chang Wen Niu Ou Xiong Hao').split(' '));
// One or two pinyin syllables ("Wei", "Xiaoming", "Zhiwei", "Lingling").
const SYLLABLE = '(?:zh|ch|sh|[bcdfghjklmnpqrstwxyz])?(?:iang|iong|uang|iao|ian|uan|ang|eng|ing|ong|ai|ao|ei|ia|ie|iu|ou|ua|uo|ui|un|an|en|in|ue|a|e|i|o|u|ü)(?:ng|n|r)?';
const PINYIN = new RegExp(`^${SYLLABLE}(?:${SYLLABLE})?$`, 'i');

// Words that open a sign-off or a form label, never a name ("Saludos,", "Date de naissance").
const NOT_NAME_HEAD = new Set(['saludos', 'atentamente', 'cordialement', 'cordialmente', 'regards', 'cheers', 'thanks', 'gracias', 'merci', 'grüße', 'grüßen', 'gruß', 'date', 'nom', 'prénom', 'adresse', 'anschrift', 'nombre', 'apellido', 'apellidos', 'geburtsdatum', 'name', 'tel', 'tél']);
// Field labels that end a name or address on a form line ("Patient: Ann Lee   DOB: …").
const FIELD_LABEL = /(?:^|[\s,;|/(])(?:DOB|D\.O\.B\.?|SSN|MRN|IBAN|BIC|SWIFT|Tel\.?|Tél\.?|Mob\.?|Fax|Email|E-mail|Phone|Mobile)(?![\p{L}\d])/u;
// Cheap tests (no Unicode classes) run first: most spans hold none of these words.
const MAYBE_FIELD_LABEL = /DOB|D\.O\.B|SSN|MRN|IBAN|BIC|SWIFT|T[eé]l|Mob|Fax|E-?mail|Phone/;
const ONLY_LABEL = /^(?:dob|d\.o\.b\.?|ssn|mrn)$/i;
// Job titles and departments: a span holding one is a signature's title line, not a person or place.
const MAYBE_JOB_WORD = /Direct|Manager|Gerente|Responsable|Leiter|Operac|Operations|Ventas|Finanzas|Officer|Engineer|Ingenier|Coordina|Jef[ea]|Presidente|Procurement|Recursos/;
const JOB_WORD = /(?<![\p{L}])(?:Director|Directora|Directeur|Directrice|Manager|Gerente|Responsable|Leiter|Leiterin|Operaciones|Operations|Ventas|Finanzas|Officer|Engineer|Ingeniero|Ingeniera|Coordinator|Coordinador|Coordinadora|Jefe|Jefa|Presidente|Procurement|Recursos)(?![\p{L}])/u;
// Words that begin place names but are no place alone ("New" at a sentence start).
const PLACE_PREFIX = new Set(['new', 'north', 'south', 'east', 'west', 'old', 'great', 'upper', 'lower', 'saint', 'mount', 'port', 'fort', 'san', 'santa', 'los', 'las']);
// An Indian (and South Asian) address head: "Flat No. 402,", "H.No. 12-3-45,", "#23,", "Plot 7,".
const HOUSE_HEAD = /(?<![\p{L}\d])(?:(?:Flat|House|Plot|Door|Shop|Villa|Block)\s{1,3}(?:No\.?\s{0,3})?|H\.\s?No\.?\s{0,3}|#\s?)\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}){0,3}\s{0,3},/gu;
const HEAD_GAP = /^[\s,]*(?:[\p{Lu}\d][\p{L}\p{M}\d.'-]{0,30}[\s,]{1,4}){0,6}$/u;
const ADDRESS_TYPES = new Set(['STREET_ADDRESS', 'LOCATION', 'POSTAL_CODE']);
const NAME_TYPES = new Set(['PERSON', 'STREET_ADDRESS', 'LOCATION']);

/**
 * Settles names and addresses in shapes prose-trained tagging misses; `found` is start-ordered.
 *
 * @example settleNameShapes(`{"first_name": "Mariam"}`, []) // [{ type: 'PERSON', start: 15, end: 21, score: 0.85 }]
 */
export function settleNameShapes(text: string, found: readonly Finding[]): Finding[] {
  let out = cleanSpans(text, found);
  out = houseHeads(text, out);
  const added: Finding[] = [];
  if (/name|recipient|beneficiary|holder|contact|patient|guest|passenger|employee|applicant|sender/i.test(text)) added.push(...keyedNames(text, out));
  if (/[A-ZĐ]/.test(text)) added.push(...vietnameseNames(text));
  if (added.length > 0) {
    out = out.filter((f) => !added.some((a) => NAME_TYPES.has(f.type) && f.start < a.end && a.start < f.end));
    out.push(...added);
    sortByStart(out);
  }
  return chineseNameOrder(text, out);
}

function keyedNames(text: string, found: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const m of matchesOf(QUOTED_VALUE, text)) {
    const value = m[2]!.trim();
    if (!/^\p{Lu}/u.test(value)) continue;
    const key = KEY_BEFORE.exec(text.slice(Math.max(0, m.index - 40), m.index));
    if (!key) continue;
    const words = value.split(/\s+/);
    if (words.length > 5 || /\d/.test(value) || !words.every((w) => NAME_WORD.test(w))) continue;
    const start = m.index + m[0].length - 1 - m[2]!.length + m[2]!.indexOf(value);
    const end = start + value.length;
    if (key[1]!.toLowerCase() === 'name' && !found.some((f) => f.type === 'PERSON' && f.start < end && start < f.end)) continue;
    out.push({ type: 'PERSON', start, end, score: 0.85 });
  }
  return out;
}

function vietnameseNames(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of matchesOf(VIETNAMESE, text)) {
    if (m.index > 0 && /[\p{L}\p{M}]/u.test(text[m.index - 1]!)) continue; // inside a word ("Alan Van …")
    out.push({ type: 'PERSON', start: m.index, end: m.index + m[0].length, score: 0.8 });
  }
  return out;
}

/** "Zhang Wei", "Huang Wei": a lone Chinese surname found as a person takes the pinyin given name after it. */
function chineseNameOrder(text: string, found: Finding[]): Finding[] {
  return found.map((f, i) => {
    if (f.type !== 'PERSON' || !CN_SURNAMES.has(text.slice(f.start, f.end))) return f;
    const m = /^ (\p{Lu}\p{Ll}{1,9})(?![\p{L}\p{M}])/u.exec(text.slice(f.end, f.end + 12));
    if (!m || !PINYIN.test(m[1]!)) return f;
    const end = f.end + m[0].length;
    const next = found[i + 1];
    if (next && next.start < end && next.type !== 'PERSON') return f;
    return finding(f.type, f.start, end, f.score);
  }).filter((f, i, all) => i === 0 || !(all[i - 1]!.end > f.start && all[i - 1]!.type === 'PERSON' && f.type === 'PERSON' && f.end <= all[i - 1]!.end));
}

/** Cuts form labels, sign-offs, job titles and column gaps out of person and place spans. */
function cleanSpans(text: string, found: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f0 of found) {
    if (!NAME_TYPES.has(f0.type)) { out.push(f0); continue; }
    let { start, end } = f0;
    let value = text.slice(start, end);
    if (ONLY_LABEL.test(value) || (MAYBE_JOB_WORD.test(value) && JOB_WORD.test(value))) continue;
    const label = MAYBE_FIELD_LABEL.test(value) ? FIELD_LABEL.exec(value) : null;
    if (label) end = start + label.index;
    if (f0.type === 'PERSON') {
      const gap = /\s{3,}|\t/.exec(text.slice(start, end));
      if (gap) end = start + gap.index;
      const head = /^[^\s,.:;]+/.exec(text.slice(start, end));
      if (head && NOT_NAME_HEAD.has(head[0].toLowerCase())) {
        start += head[0].length;
        // "Date de naissance": what follows a label word in lower case is the label's rest.
        if (/^[\s,]*\p{Ll}/u.test(text.slice(start, end))) continue;
      }
    } else {
      // "… Glasgow G1 3SX. New mobile": an address ends at a full stop after its postcode (a British
      // inward code or four digits or more) when a capitalised word follows on the line; the full
      // stop after a house number ("Piroska u. 97.") does not end it.
      const stop = value.includes('.') ? /(?:\d[A-Z]{2}|\d{4})\.[ \t](?=\p{Lu})/u.exec(value.slice(0, end - start)) : null;
      if (stop) end = start + stop.index + stop[0].length - 2;
      // A British postcode's inward code whose letters spell a word ("S11 6ME", "LS2 9AM") was cut
      // after its digit: take the two letters back.
      if (/(?<![A-Za-z\d])[A-Z]{1,2}\d{1,2}[A-Z]? \d$/.test(text.slice(Math.max(start, end - 8), end)) && /^[A-Z]{2}(?![\p{L}\d])/u.test(text.slice(end, end + 3))) end += 2;
    }
    while (start < end && /[\s,;:.\-–—]/.test(text[start]!)) start += 1;
    while (end > start && /[\s,;:\-–—]/.test(text[end - 1]!)) end -= 1;
    if (end - start < 2) continue;
    value = text.slice(start, end);
    if (f0.type !== 'PERSON' && PLACE_PREFIX.has(value.toLowerCase())) continue;
    out.push(start === f0.start && end === f0.end ? f0 : finding(f0.type, start, end, f0.score));
  }
  return out;
}

/** A house or flat head before an address found further on joins it, with the building name between. */
function houseHeads(text: string, found: Finding[]): Finding[] {
  if (!/Flat|House|Plot|Door|Shop|Villa|Block|H\.\s?No|#/.test(text)) return found;
  let out = found;
  for (const m of matchesOf(HOUSE_HEAD, text)) {
    const start = m.index;
    let cursor = start + m[0].length;
    let score = 0;
    for (;;) {
      const next = out.find((f) => ADDRESS_TYPES.has(f.type) && f.end > cursor && f.start - cursor <= 60 && (f.start <= cursor || HEAD_GAP.test(text.slice(cursor, f.start))));
      if (!next) break;
      cursor = next.end;
      score = Math.max(score, next.score);
    }
    if (score === 0) continue;
    const end = cursor;
    const kept: Finding[] = [];
    for (const f of out) {
      if (f.end <= start || f.start >= end) { kept.push(f); continue; }
      if (!NAME_TYPES.has(f.type) && f.type !== 'POSTAL_CODE') { kept.push(f); continue; }
      if (f.start < start) {
        // "Deliver to Obinna Okafor, H.No. 19": the words before the head stay, cut before it; a
        // house number comes first in an address, so capitalised words before it name its recipient.
        let e = start;
        while (e > f.start && /[\s,]/.test(text[e - 1]!)) e -= 1;
        const recipient = f.type !== 'PERSON' && /^\p{Lu}[\p{L}\p{M}'.-]*(?: \p{Lu}[\p{L}\p{M}'.-]*){1,3}$/u.test(text.slice(f.start, e));
        if (e - f.start >= 2) kept.push(finding(recipient ? 'PERSON' : f.type, f.start, e, f.score));
      }
    }
    kept.push({ type: 'STREET_ADDRESS', start, end, score });
    out = sortByStart(kept);
  }
  return out;
}
