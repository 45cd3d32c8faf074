import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { TokenWordSet } from './token-words.js';

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
  'greenlander icelander zealander faroese kittitian nevisian vincentian macanese motswana batswana ' +
  'kurdish kurd tamil punjabi sikh pashtun berber bedouin maori aboriginal hispanic latino latina creole ' +
  'mormon lutheran methodist baptist anglican evangelical pentecostal presbyterian quaker amish atheist agnostic taoist shinto ' +
  'zoroastrian rastafarian sunnis ' +
  'american british english scottish welsh muslim hindu buddhist jew shia shiite sunni caucasian european african asian democrat republican ' +
  // People of a state or region ("A Texan recipe", "Californian wines", "Bavarian pretzels"):
  // presidio-research's NRP too, neither a person nor a place.
  'texan californian floridian alaskan hawaiian oregonian arizonan coloradan nevadan utahn iowan ohioan kansan nebraskan oklahoman ' +
  'minnesotan wisconsinite michigander illinoisan hoosier kentuckian tennessean alabamian alabaman mississippian louisianan arkansan ' +
  'missourian carolinian virginian pennsylvanian bostonian texian vermonter mainer ' +
  'bavarian prussian swabian catalan catalonian basque galician andalusian sicilian sardinian tuscan neapolitan venetian ' +
  'corsican flemish walloon ulsterman quebecois quebecker albertan ontarian manitoban ' +
  'londoner berliner muscovite';

// Groups whose singular is also a first name or an everyday word ("Christian", "Brit", "Scot",
// "Liberal"), taken only in the plural, where they name a people, a faith or a party: "The Scots
// and the Welsh", "Muslims and Christians", "the Conservatives and Labour".
const PLURALS_ONLY =
  'brits scots christians catholics protestants latinos hispanics kiwis aussies yankees ' +
  'conservatives liberals socialists communists greens libertarians';

const DEMONYMS = new TokenWordSet(
  [...WORDS.split(' ').flatMap((w) => [w, `${w}s`]), ...PLURALS_ONLY.split(' ')].map((w) => hashLower(w, 0, w.length)),
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
  const { count, flags, lex } = sheet;
  for (let t = 0; t < count; t += 1) {
    if (!(flags[t]! & TF.WORD)) continue;
    // "Saudi Arabian" before "Saudi": the longer nationality first.
    if (MULTI_HEADS.at(sheet, t) && markMultiWord(sheet, t)) continue;
    if (DEMONYMS.at(sheet, t)) lex[t] = lex[t]! | LEX.DEMONYM;
  }
}

/**
 * Nationalities of two or three words ("Costa Rican", "New Zealanders", "Papua New Guinean"): the
 * tagger read them as persons or places ("We are proud Sierra Leoneans" → PERSON, "I am New
 * Zealander" → LOCATION; 16–23 of 30 such nationalities in each of seven sentence frames). Their
 * words are marked only together, so "South" and "Costa" alone keep their bits.
 */
const MULTI_WORD =
  'south african,new zealander,sri lankan,saudi arabian,costa rican,puerto rican,equatorial guinean,cape verdean,hong konger,' +
  'sierra leonean,solomon islander,north korean,south korean,south sudanese,east timorese,papua new guinean,central african,' +
  'new caledonian,marshall islander,cook islander,faroe islander,north macedonian,el salvadoran,west indian';
const MULTI = MULTI_WORD.split(',').map((phrase) => phrase.split(' ').map((w) => hashLower(w, 0, w.length)));
// Plurals with "-s", as the generator writes even "East Timoreses" (its "surinameses").
const MULTI_PLURAL = MULTI_WORD.split(',').map((phrase) => `${phrase}s`.split(' ').map((w) => hashLower(w, 0, w.length)));
const MULTI_HEADS = new TokenWordSet(MULTI.map((words) => words[0]!));

/** Marks the words of a multi-word nationality that starts at token `t`, if one does (and says so). */
function markMultiWord(sheet: TokenSheet, t: number): boolean {
  const { count, flags, word, lex } = sheet;
  for (const words of [...MULTI, ...MULTI_PLURAL]) {
    if (words[0] !== word[t] || t + words.length > count) continue;
    let k = 1;
    while (k < words.length && flags[t + k]! & TF.WORD && word[t + k] === words[k] && !(flags[t + k]! & TF.LINE_START)) k += 1;
    if (k < words.length) continue;
    for (let j = t; j < t + words.length; j += 1) lex[j] = lex[j]! | LEX.DEMONYM;
    return true;
  }
  return false;
}
