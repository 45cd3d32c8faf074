import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Finding, sortByStart } from '../entity-types.js';
import { FEATURES_PER_TOKEN } from './features.js';
import { scoreEmissions } from './emission-scores.js';
import { expTransitions, marginals, TAG_COUNT, viterbi } from './linear-chain.js';
import { decodeTaggerModel, type TaggerModel } from './model-file.js';
import { basedPlaces, splitBasedWords } from './based-places.js';
import { commaPlaces } from './comma-places.js';
import { coordinatedPlaces } from './coordinated-places.js';
import { coordinatedNames, firstNamePlaces, joinNameParts, retypePersonMentions, routePlaces, speakerNames, travelPlaces, travelTargets } from './coordinated-names.js';
import { cuedPersons, labelledNames } from './labelled-names.js';
import { unmarkNamedStreetWords } from './named-street-words.js';
import { postalBlocks } from './postal-blocks.js';
import { markDemonyms } from './demonyms.js';
import { surnamePlaces } from './surname-places.js';
import { settleForeignSentences } from './foreign-sentences.js';
import { framedNames } from './framed-names.js';
import { possessivePlaces } from './possessive-places.js';
import { isMajorPlace } from './major-places.js';
import { LEX } from './lexicon-table.js';
import { militaryAddresses } from './military-addresses.js';
import { dropOrganisations } from './organisations.js';
import { dropEmployers, dropPredicateOrganisations } from './organisation-predicates.js';
import { openingNames } from './opening-names.js';
import { propagateMentions, propagatePlaces, titledNames } from './propagate-mentions.js';
import { saintPlaces } from './saint-places.js';
import { namedCorners, streetCorners } from './street-corners.js';
import { addressRecipients } from './recipient-lines.js';
import { leadingHouseNumbers } from './house-numbers.js';
import { capitalTowns, demonymPlaces, inlineStreets, spansOf } from './tag-spans.js';
import { splitZipCodes } from './zip-codes.js';
import { joinRegionCodes } from './region-codes.js';
import { settleNameShapes } from './name-shapes.js';
import { recaseShouting } from './recase.js';
import { blankIdleSentences } from './idle-sentences.js';
import { predicatePlaces } from './place-predicates.js';
import { officePlaces } from './office-places.js';
import { companyLines } from './signature-lines.js';
import { TokenSheet } from './token-sheet.js';
import { readAhead } from '../../read-ahead.js';

/** Tags person names and places/addresses in text. */
export interface NameTagger {
  tag(text: string): Finding[];
}

export interface NameTaggerOptions {
  /** Spans whose mean tag probability is lower are dropped (default 0.5, chosen by cross-validation over the training templates). */
  minScore?: number;
  /**
   * Log-odds (nats) added to the person tag of every token before decoding (default 0.56). The
   * perceptron is trained for accuracy, but the benchmark weighs recall four times precision (F2),
   * and cross-validation plus the fresh templates show persons missed far more often than
   * invented; the place tag gains nothing from the same shift.
   */
  personBoost?: number;
  /**
   * Sentences that cannot hold a person or a place (no capital after the first word, no name,
   * place or cue word) are blanked before tagging, with this many sentences of context kept on
   * each side of every other (`blankIdleSentences`); `false` tags every sentence. Default 0,
   * chosen on dev sets: cross-validated F2, the fresh templates' eval rows, pii-wild dev and the
   * multilingual dev sets read the same as with every sentence tagged (0.964, 0.925, 0.988), one
   * sentence of context gave nothing back and cost more than it saved; ~8% of the tagger's CPU on
   * the guard bench's support e-mails, whose sentences mostly hold a capital.
   */
  idleSentencePad?: number | false;
}

const DEFAULT_MIN_SCORE = 0.5;
// Chosen by cross-validation over the training templates (0, 0.56, 0.70, 0.98, 1.4 nats: F2 0.940,
// 0.945, 0.946, 0.944, 0.947; harmless prompts flagged by a fold model 4, 12, 12, 15, 19 of 672)
// and the fresh templates' tune rows (0, 0.42, 0.56, 0.70, 0.98: presidio values 0.929/0.879,
// 0.938/0.879, 0.938/0.889, 0.941/0.889, 0.943/0.888; faker values unchanged): the smallest shift
// that takes most of the gain, since every step adds persons on product names ("Kubernetes pod").
const DEFAULT_PERSON_BOOST = 0.56;
// Tokens of context either side of a tagged token for its confidence (further ones change it < 0.1%).
const CONFIDENCE_CONTEXT = 8;
// Score of an inline address found by rule where the tagger tagged nothing ("live at Aviatická 23").
const INLINE_STREET_SCORE = 0.7;

/** The shipped model, from both src/ (tests) and dist/ (built code): four levels up. */
export const NAME_TAGGER_MODEL_PATH = fileURLToPath(new URL('../../../../data/pii-tagger/name-tagger.bin.gz', import.meta.url));

/**
 * A tagger over a trained model: tokens and their hashed features go into typed arrays reused
 * from call to call, emission scores are summed from the weight table, Viterbi picks the tag
 * sequence and forward–backward gives each span a confidence. No strings are built per token.
 *
 * @example createNameTagger(loadTaggerModel()).tag('My name is Ann Smith')[0]?.type // 'PERSON'
 */
export function createNameTagger(model: TaggerModel, options: NameTaggerOptions = {}): NameTagger {
  const { weights, lexicons, confidenceScale } = model;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const idlePad = options.idleSentencePad ?? 0;
  // In the model's score units: probabilities are exp(confidenceScale × score).
  const personBias = (options.personBoost ?? DEFAULT_PERSON_BOOST) / confidenceScale;
  const shift = 32 - weights.bits;
  const expTransition = expTransitions(weights.transition, confidenceScale);
  const sheet = new TokenSheet();
  let capacity = 0;
  let scores = new Float32Array(0);
  let probabilities = new Float32Array(0);
  let labels = new Uint8Array(0);
  let back = new Uint8Array(0);
  const scratch = { phi: new Float64Array(0), alpha: new Float64Array(0), beta: new Float64Array(0) };
  const ensure = (count: number): void => {
    if (count <= capacity) return;
    capacity = Math.max(count, capacity * 2, 256);
    scores = new Float32Array(capacity * TAG_COUNT);
    probabilities = new Float32Array(capacity * TAG_COUNT);
    labels = new Uint8Array(capacity);
    back = new Uint8Array(capacity * TAG_COUNT);
    scratch.phi = new Float64Array(capacity * TAG_COUNT);
    scratch.alpha = new Float64Array(capacity * TAG_COUNT);
    scratch.beta = new Float64Array(capacity * TAG_COUNT);
  };
  return {
    tag(original: string): Finding[] {
      // Offsets into the recased text are offsets into the original: words keep their length.
      const recased = recaseShouting(original, lexicons);
      const text = idlePad === false ? recased : blankIdleSentences(recased, lexicons, idlePad);
      const count = sheet.read(text, lexicons);
      if (count === 0) return [];
      unmarkNamedStreetWords(sheet);
      ensure(count);
      // Each token reads FEATURES_PER_TOKEN rows at random: a long prompt reads most of the table.
      readAhead(weights.emission, count * FEATURES_PER_TOKEN);
      scoreEmissions(sheet, count, weights.emission, weights.emissionStep, shift, scores, personBias);
      viterbi(weights.transition, scores, count, labels, back);
      // The rules know more nationalities than the model's lexicon (see `demonyms.ts`).
      markDemonyms(sheet);
      // Confidences by forward–backward, only in windows around tagged tokens (most prompts have
      // no names, so none at all).
      let windowStart = -1;
      let windowEnd = -1;
      for (let t = 0; t < count; t += 1) {
        if (labels[t] === 0) continue;
        const from = Math.max(0, t - CONFIDENCE_CONTEXT);
        if (windowEnd >= 0 && from > windowEnd) {
          marginals(expTransition, scores, windowStart, windowEnd, confidenceScale, scratch, probabilities);
          windowStart = -1;
        }
        if (windowStart < 0) windowStart = from;
        windowEnd = Math.min(count, t + 1 + CONFIDENCE_CONTEXT);
      }
      if (windowStart < 0) {
        const titled = [...titledNames(sheet, []), ...openingNames(text, sheet, [])];
        const named = [...titled, ...labelledNames(text, sheet, titled)];
        named.push(...demonymPlaces(text, sheet, named, INLINE_STREET_SCORE));
        named.push(...capitalTowns(text, sheet, named, INLINE_STREET_SCORE));
        named.push(...possessivePlaces(text, sheet, named, INLINE_STREET_SCORE));
        named.push(...travelTargets(text, sheet, named, INLINE_STREET_SCORE));
        named.push(...basedPlaces(text, sheet, named, INLINE_STREET_SCORE));
        const framed = framedNames(text, sheet, predicatePlaces(sheet, sortByStart(named), INLINE_STREET_SCORE));
        const streets = inlineStreets(text, sheet, framed, INLINE_STREET_SCORE);
        streets.push(...postalBlocks(text, sheet, [...framed, ...streets], INLINE_STREET_SCORE));
        return settleNameShapes(text, settleForeignSentences(text, sheet, joinRegionCodes(text, splitZipCodes(text, militaryAddresses(text, [...framed, ...streets])))));
      }
      marginals(expTransition, scores, windowStart, windowEnd, confidenceScale, scratch, probabilities);
      let found = spansOf(text, sheet, labels, probabilities).filter((f) => f.score >= minScore);
      found.push(...titledNames(sheet, found));
      found.push(...openingNames(text, sheet, found));
      const fields = labelledNames(text, sheet, found, 0.8, true);
      if (fields.length > 0) found = found.filter((f) => !(f.type === 'PERSON' && fields.some((g) => f.start >= g.start && f.end <= g.end)));
      found.push(...fields);
      found.push(...demonymPlaces(text, sheet, found, INLINE_STREET_SCORE));
      found.push(...capitalTowns(text, sheet, found, INLINE_STREET_SCORE));
      found.push(...possessivePlaces(text, sheet, found, INLINE_STREET_SCORE));
      const streets = inlineStreets(text, sheet, found, INLINE_STREET_SCORE);
      // A place the tagger found in an inline street's town or country line is part of that address.
      if (streets.length > 0) found = found.filter((f) => f.type !== 'LOCATION' || !streets.some((s) => s.start <= f.start && f.end <= s.end));
      found.push(...streets);
      // So are the places and names it found inside a postal block.
      const blocks = postalBlocks(text, sheet, found, INLINE_STREET_SCORE);
      if (blocks.length > 0) found = [...found.filter((f) => (f.type !== 'LOCATION' && f.type !== 'PERSON') || !blocks.some((b) => b.start <= f.start && f.end <= b.end)), ...blocks];
      // Persons found anywhere in the text settle the type and extent of their neighbours.
      found = surnamePlaces(text, sheet, firstNamePlaces(sheet, cuedPersons(sheet, found, isMajorPlace), isMajorPlace));
      found = travelPlaces(text, sheet, speakerNames(sheet, routePlaces(sheet, dropOrganisations(sheet, coordinatedNames(sheet, joinNameParts(sheet, retypePersonMentions(sheet, found)))))));
      found.push(...travelTargets(text, sheet, found, INLINE_STREET_SCORE));
      found = splitBasedWords(text, sheet, found);
      found.push(...basedPlaces(text, sheet, found, INLINE_STREET_SCORE));
      found.push(...coordinatedPlaces(text, sheet, found, INLINE_STREET_SCORE));
      found.push(...officePlaces(sheet, found, INLINE_STREET_SCORE));
      found = framedNames(text, sheet, commaPlaces(text, sheet, saintPlaces(text, sheet, predicatePlaces(sheet, found, INLINE_STREET_SCORE))));
      found = dropEmployers(text, sheet, dropPredicateOrganisations(text, sheet, found), (k) => (sheet.lex[k]! & (LEX.CITY | LEX.REGION)) !== 0 || isMajorPlace(sheet.word[k]!));
      const mentions = found.length === 0 ? [] : propagateMentions(text, sheet, found);
      // A mention met again on a signature line takes its surname there ("Hi Anke, … \nAnke Junker").
      const all = found.length === 0 ? found : dropOrganisations(sheet, mentions.length === 0 ? found : joinNameParts(sheet, sortByStart([...found, ...mentions])));
      const places = propagatePlaces(sheet, all);
      if (places.length > 0) all.push(...places);
      if (places.length > 0) sortByStart(all);
      return companyLines(text, sheet, settleNameShapes(text, settleForeignSentences(text, sheet, joinRegionCodes(text, splitZipCodes(text, addressRecipients(text, sheet, leadingHouseNumbers(text, namedCorners(text, streetCorners(text, militaryAddresses(text, all))))))))));
    },
  };
}

/**
 * Reads the shipped model file (or another). Throws a `SwitchyardError` naming the problem when it
 * is missing or corrupt.
 *
 * @example const model = loadTaggerModel();
 */
export function loadTaggerModel(path = NAME_TAGGER_MODEL_PATH): TaggerModel {
  return decodeTaggerModel(readFileSync(path));
}

/**
 * The tagger over a model file, or `null` after one warning when the file is missing or corrupt:
 * a broken model file must not take the gateway down; the detector then runs its pattern layer.
 *
 * @example const tagger = nameTaggerFromFile('/models/name-tagger.bin.gz', console.warn);
 */
export function nameTaggerFromFile(path: string, warn: (message: string) => void = processWarning): NameTagger | null {
  try {
    return createNameTagger(loadTaggerModel(path));
  } catch (error) {
    warn(`PII name/address tagger unavailable, detecting with patterns only: ${(error as Error).message}`);
    return null;
  }
}

let shipped: NameTagger | null | undefined;

/**
 * The tagger over the shipped model, loaded once per process (tens of milliseconds, no training),
 * or `null` after one warning when its file is missing or corrupt.
 *
 * @example const tagger = defaultNameTagger(); // NameTagger | null
 */
export function defaultNameTagger(warn: (message: string) => void = processWarning): NameTagger | null {
  if (shipped === undefined) shipped = nameTaggerFromFile(NAME_TAGGER_MODEL_PATH, warn);
  return shipped;
}

function processWarning(message: string): void {
  process.emitWarning(message, { code: 'SWITCHYARD_PII_TAGGER' });
}
