import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';

// Rules for harmless look-alikes of pii-wild's dev half: orders, menus and product names read as
// places, addresses and persons. Each harmless case comes with a real one the rule must leave.
const detector = createPiiDetector();
const shown = (text: string) => detector.detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('orders and menus are no places', () => {
  it('reads a run ending in a dish or drink as an order, not a place', () => {
    expect(shown('Starbucks Grande Latte $617.75 — Receipt 3792-2285-8892')).toEqual([]);
    expect(shown('Two Pizzas please')).toEqual([]);
    expect(shown('She grew up in Latte, Guam')).toContain('LOCATION:Guam');
  });

  it('reads counts before capitalised words in a list as quantities, a street word keeping the address', () => {
    expect(shown('Table 9 ordered 6 Margherita, 2 Quattro Formaggi and a Tiramisu.')).toEqual([]);
    expect(shown('Send it to 6 Margherita Lane, 2 Quattro Street, Springfield')).toEqual(['STREET_ADDRESS:6 Margherita Lane, 2 Quattro Street, Springfield']);
  });

  it('reads a number after a verb of ordering as a quantity', () => {
    expect(shown('Table 9 ordered 2 Quattro Formaggi.')).toEqual([]);
    expect(shown('Please add 22 Kingsley Road to my profile')).toEqual(['STREET_ADDRESS:22 Kingsley Road']);
  });

  it('reads a number with a unit of measure as a measure, not a house number', () => {
    expect(shown('Plum Jam 340 g, best before 2026-09.')).toEqual([]);
    expect(shown('I live at 4923 Parmova 109 in Maribor')).toEqual(['STREET_ADDRESS:4923 Parmova 109', 'LOCATION:Maribor']);
  });
});

describe('product names', () => {
  it('takes back first names and towns inside a capitalised run ending in a product noun', () => {
    expect(shown('My Sophia Velvet Sofa has a torn seam.')).toEqual([]);
    expect(shown('Order includes Aspen Cotton Towels and Logan Steel Kettle.')).toEqual([]);
    expect(shown('Heather Moss Rug 160 cm, in stock')).toEqual([]);
    expect(shown('Logan Steel called yesterday about the kettle')).toEqual(['PERSON:Logan Steel']);
    expect(shown('Stephen Curry scored 40')).toEqual(['PERSON:Stephen Curry']);
  });
});

describe('team names after a greeting', () => {
  it('reads "Hi Devops," as a team, a name after "Hi" still a person', () => {
    expect(shown('Hi Devops,')).toEqual([]);
    expect(shown('Hi Priya Raman,')).toEqual(['PERSON:Priya Raman']);
  });
});
