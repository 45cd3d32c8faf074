import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

/**
 * Nationalities, peoples and religious groups the model's lexicon (`LEX.DEMONYM`, fixed when the
 * model was trained) lacks: the adjective of every country we could name, and a few peoples and
 * faiths. presidio-research labels these NRP, not a person or a place, and the tagger read a
 * capitalised unknown one as a person ("We are proud Bolivians", "I am Ugandan") or a place ("a
 * nice new Mongolian place"): of 515 such uses in five sentence frames, 219 were found as
 * entities. Our own list, outside the model so it grows without retraining; each word is taken
 * with a plural "-s" too ("Qataris", and the generator's "surinameses"). Words that are as often
 * first names or surnames (Roman, Jordan, Chad, Jain) are left out, as are the first words of two-word ones ("Cape Verdean": Cape Canaveral).
 */
const WORDS =
  'afghan albanian algerian andorran angolan antiguan argentine argentinian armenian aruban australian austrian azerbaijani azeri ' +
  'bahamian bahraini bangladeshi barbadian basotho belarusian belgian belizean belizian beninese bhutanese bolivian bosnian botswanan ' +
  'brazilian bruneian bulgarian burkinabe burmese burundian cambodian cameroonian canadian verdean chadian chilean chinese colombian ' +
  'comoran congolese croatian cuban cypriot czech danish djiboutian dominican dutch ecuadorian ecuadorean egyptian emirati equatoguinean ' +
  'eritrean estonian eswatini ethiopian fijian filipino finnish french gabonese gambian georgian german ghanaian greek grenadian ' +
  'guatemalan guinean guyanese haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian ' +
  'jamaican japanese jordanian kazakh kazakhstani kenyan kiribati kosovar kosovan kuwaiti kyrgyz laotian latvian lebanese liberian ' +
  'libyan liechtensteiner lithuanian luxembourger luxembourgish macedonian malagasy malawian malaysian maldivian malian maltese ' +
  'marshallese mauritanian mauritian mexican micronesian moldovan monegasque mongolian montenegrin moroccan mozambican namibian ' +
  'nauruan nepalese nepali nicaraguan nigerien nigerian norwegian omani pakistani palauan palestinian panamanian paraguayan peruvian ' +
  'polish portuguese qatari romanian russian rwandan salvadoran salvadorean samoan sammarinese saudi senegalese serbian seychellois ' +
  'singaporean slovak slovakian slovenian somali somalian sudanese surinamese swazi swedish swiss syrian taiwanese tajik tajikistani ' +
  'tanzanian thai timorese togolese tongan trinidadian tunisian turkish turkmen tuvaluan ugandan ukrainian uruguayan uzbek uzbekistani ' +
  'vanuatuan venezuelan vietnamese yemeni zambian zimbabwean ' +
  'englishman englishmen scotsman welshman irishman frenchman dutchman ' +
  'kurdish kurd tamil punjabi sikh pashtun berber bedouin maori aboriginal hispanic latino latina creole ' +
  'mormon lutheran methodist baptist anglican evangelical pentecostal presbyterian quaker amish atheist agnostic taoist shinto ' +
  'zoroastrian rastafarian sunnis';

const DEMONYMS = new WordSet(
  WORDS.split(' ').flatMap((w) => [w, `${w}s`]).map((w) => hashLower(w, 0, w.length)),
);

/**
 * Gives the rules' view of the lexicon the nationality bit for the words above (after the tagger
 * has scored the tokens: the model's features are left as it was trained on them), so every rule
 * that keeps nationalities out of persons and places ("one-word … nationalities as persons",
 * "nationalities alone are no place", the name lists of the coordination rules) knows them too.
 *
 * @example markDemonyms(sheet) // "Bolivian" now has LEX.DEMONYM in sheet.lex
 */
export function markDemonyms(sheet: TokenSheet): void {
  const { count, flags, word, lex } = sheet;
  for (let t = 0; t < count; t += 1) if (flags[t]! & TF.WORD && DEMONYMS.has(word[t]!)) lex[t] = lex[t]! | LEX.DEMONYM;
}
