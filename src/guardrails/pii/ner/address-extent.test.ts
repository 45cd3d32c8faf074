import { describe, expect, it } from 'vitest';
import { ukPostcode } from './address-extent.js';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const addresses = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'STREET_ADDRESS').map((f) => text.slice(f.start, f.end));

/** The text of the postcode found at the first token of `text`, or null. */
function postcodeAtStart(text: string): string | null {
  const sheet = new TokenSheet();
  sheet.read(text, model.lexicons);
  const last = ukPostcode(sheet, 0);
  return last < 0 ? null : text.slice(0, sheet.end[last]);
}

describe('address extent', () => {
  it('reads British postcodes, not other letter-digit codes', () => {
    expect(postcodeAtStart('SW1A 1AA')).toBe('SW1A 1AA');
    expect(postcodeAtStart('QC89 3NO, UK')).toBe('QC89 3NO');
    expect(postcodeAtStart('M1 1AE')).toBe('M1 1AE');
    for (const code of ['RTX3060 2GB', 'E195 jets', 'AB12 3CDE', 'A1 B2']) expect(postcodeAtStart(code), code).toBeNull();
  });

  it('ends a comma part of a lower-case address at a function or time word', () => {
    expect(addresses('my friend moved to tavcarjeva 73, selca last month and loves it.')).toEqual(['tavcarjeva 73, selca']);
    expect(addresses('we met at urzáiz 12, teruel for lunch.')).toEqual(['urzáiz 12, teruel']);
    expect(addresses('meet me at 2407 tawastintie 6, sé, portugal')).toEqual(['2407 tawastintie 6, sé, portugal']);
    expect(addresses('i live at 44 calle mayor, san lorenzo de el escorial, spain')).toEqual(['44 calle mayor, san lorenzo de el escorial, spain']);
  });

  it('leaves out a company before a comma and a street named before its number', () => {
    expect(addresses('Invoice address: Quickbiz, Avenida Noruega 42, Vila Real, Portugal.')).toEqual(['Avenida Noruega 42, Vila Real, Portugal']);
    expect(addresses('Send it to Corelogic, 0896 69 Farnell Street, Leeds.')).toEqual(['0896 69 Farnell Street, Leeds']);
    // A town before a region code and a postal code is no company: the code is no street.
    expect(addresses('I live in Lafayette, LA 70501 with my two kids.')).toEqual([]);
    expect(addresses('I live in Milnerton, WC 7446 with my kids.')).toEqual([]);
  });

  it('keeps a British postcode and the lines after it in the address', () => {
    expect(addresses('Send the lease to Angela Storp, 84 Chestnut Drive, West Morarstone, KI22 5PZ, UK.')).toEqual(['84 Chestnut Drive, West Morarstone, KI22 5PZ, UK']);
    expect(addresses('Send it to Emma Oosterhuis, 114 Caleb Vale\nMannham QC89 3NO\nUnited Kingdom.')).toEqual(['114 Caleb Vale\nMannham QC89 3NO\nUnited Kingdom']);
  });

  it('ends an address part at a dash, a semicolon or a lower-case word after its postal code', () => {
    expect(addresses('Return to sender — 640 N 7th Street, North Felicityfort, IA 93203 — address unknown.')).toEqual(['640 N 7th Street, North Felicityfort, IA 93203']);
    expect(addresses('We stayed at 277 South Street, Shanahanhill RR9 1DE for two nights.')).toEqual(['277 South Street, Shanahanhill RR9 1DE']);
  });

  it('leaves a recipient before a comma and a flat out of the address', () => {
    const text = 'Send the signed lease to Jasen Vila, Flat 21, 114 Caleb Vale, Mannham, QC89 3NO.';
    expect(tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`)).toEqual(['PERSON:Jasen Vila', 'STREET_ADDRESS:Flat 21, 114 Caleb Vale, Mannham, QC89 3NO']);
  });

  it('keeps a flat before the street and "Post Office" before a box', () => {
    expect(addresses('Tom moved to Flat 25, 22 Woodlands Road, St. Stamm Heath, RE44 3DI and left.')).toEqual(['Flat 25, 22 Woodlands Road, St. Stamm Heath, RE44 3DI']);
    expect(addresses('Ship to:\nPost Office Box 6602\nKarlihaven, AZ 26476\nThanks!')).toEqual(['Post Office Box 6602\nKarlihaven, AZ 26476']);
  });

  it('ends an address with its sentence, not at abbreviations or line ends inside it', () => {
    expect(addresses('We are at 12 Main Street, Springfield, IL 62704, USA. Thanks for asking')).toEqual(['12 Main Street, Springfield, IL 62704, USA']);
    expect(addresses('Notre adresse : 84 Rue de Caumartin, 78659 Le Havre, France. Merci.')).toEqual(['84 Rue de Caumartin, 78659 Le Havre, France']);
    expect(addresses('We are at 12 St. John St. Springfield today')).toEqual(['12 St. John St. Springfield']);
    expect(addresses('Our offices are located at 6076 Piroska u. 97.\nPorto Alegre\n, RS\n Brazil 95828')).toEqual(['6076 Piroska u. 97.\nPorto Alegre\n, RS\n Brazil 95828']);
  });

  it('keeps the postal code after the country that ends a block, with the sentence going on in lower case', () => {
    expect(addresses('Please send the parcel to 154 Björkvägen 55\nGETINGE\n, nan\n Sweden 71752 as soon as possible.')).toEqual(['154 Björkvägen 55\nGETINGE\n, nan\n Sweden 71752']);
    expect(addresses('Ship it to 4414 Kiannonkatu 98 Apt. 934, Oulu, Finland 90100 as soon as you can.')).toEqual(['4414 Kiannonkatu 98 Apt. 934, Oulu, Finland 90100']);
  });

  it('leaves a name line out of an address block even when a name is also a street word, but not a street over a postal code', () => {
    const typed = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
    expect(typed('Vignette Gladu\n856 29 Parkside Crescent\nCasebrook\n, nan\n 27113')).toEqual(['PERSON:Vignette Gladu', 'STREET_ADDRESS:856 29 Parkside Crescent\nCasebrook\n, nan\n 27113']);
    expect(addresses('Ship to:\nRue de Rivoli\n75001 Paris\nFrance')).toEqual(['Rue de Rivoli\n75001 Paris\nFrance']);
  });

  it('reads the line of names right above an address block as its recipient', () => {
    const typed = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
    expect(typed('Saber Mailly\n7151 Joaquin Suarez 3701\nArtilleros\n, CO\n Uruguay 66195')).toEqual(['PERSON:Saber Mailly', 'STREET_ADDRESS:7151 Joaquin Suarez 3701\nArtilleros\n, CO\n Uruguay 66195']);
    expect(typed('Takumi Ootsuki\nZeppelinstr 92 Rocky Ridges\n Apt. 525\n WELTEN\n Austria 13539')[0]).toBe('PERSON:Takumi Ootsuki');
    // A label or a company above the address is no person.
    expect(typed('Shipping Address:\n7151 Joaquin Suarez 3701\nArtilleros').filter((f) => f.startsWith('PERSON'))).toEqual([]);
    expect(typed('Otc Markets\n7151 Joaquin Suarez 3701\nArtilleros').filter((f) => f.startsWith('PERSON'))).toEqual([]);
  });
});

