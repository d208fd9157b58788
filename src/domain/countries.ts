/**
 * Countries as ISO 3166-1 alpha-2 codes: what participant counts list, what public holidays are
 * looked up by, and what a venue's country (typed in English) is matched to. Names in a language
 * come from Intl.DisplayNames, never from this list.
 */
export const COUNTRY_CODES: readonly string[] =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
    ' ',
  );

const KNOWN = new Set(COUNTRY_CODES);

export const isCountryCode = (code: string): boolean => KNOWN.has(code);

// ITU's own (UN) short names where they differ from CLDR's English ones
const ALIASES: Record<string, string> = {
  'republic of korea': 'KR',
  'korea (rep. of)': 'KR',
  "democratic people's republic of korea": 'KP',
  'russian federation': 'RU',
  'iran (islamic republic of)': 'IR',
  'united republic of tanzania': 'TZ',
  'viet nam': 'VN',
  "lao people's democratic republic": 'LA',
  'syrian arab republic': 'SY',
  'republic of moldova': 'MD',
  'bolivia (plurinational state of)': 'BO',
  'venezuela (bolivarian republic of)': 'VE',
  'democratic republic of the congo': 'CD',
  'congo (rep. of the)': 'CG',
  'republic of the congo': 'CG',
  congo: 'CG',
  'cabo verde': 'CV',
  turkey: 'TR',
  'united states of america': 'US',
  'united kingdom of great britain and northern ireland': 'GB',
  'state of palestine': 'PS',
  palestine: 'PS',
  'brunei darussalam': 'BN',
  micronesia: 'FM',
  'czech republic': 'CZ',
  swaziland: 'SZ',
  'ivory coast': 'CI',
  myanmar: 'MM',
  'hong kong': 'HK',
  macao: 'MO',
  macau: 'MO',
};

const fold = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/&/g, 'and')
    .replace(/\bst\.? /gi, 'saint ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

let byName: Map<string, string> | undefined;

/**
 * The code of a country named in English as people and the seed write it ("Côte d'Ivoire",
 * "Russian Federation", "Republic of Korea"), or an ISO code itself; undefined when unknown.
 */
export function countryCodeOf(name: string): string | undefined {
  const upper = name.trim().toUpperCase();
  if (KNOWN.has(upper)) return upper;
  if (!byName) {
    const english = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    byName = new Map<string, string>();
    for (const code of COUNTRY_CODES) {
      const shown = english.of(code);
      if (shown) {
        byName.set(fold(shown), code);
        // "Congo - Kinshasa", "Myanmar (Burma)": also without the qualifier
        const bare = fold(shown.replace(/\s*(\(.*\)|- .*)$/, ''));
        if (!byName.has(bare)) byName.set(bare, code);
      }
    }
    for (const [alias, code] of Object.entries(ALIASES)) byName.set(fold(alias), code);
  }
  return byName.get(fold(name));
}
