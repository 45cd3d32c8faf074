import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { settleNameShapes } from './name-shapes.js';

const at = (text: string, value: string, type: Finding['type'] = 'PERSON', score = 0.9): Finding => {
  const start = text.indexOf(value);
  return { type, start, end: start + value.length, score };
};
const shown = (text: string, fs: readonly Finding[]) => fs.map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('settleNameShapes', () => {
  it('reads person keys of JSON, logs and code, and a bare "name" key only around a found person', () => {
    const t = `payload = {'first_name': 'Mariam', 'last_name': 'Abdullah', 'sku': 'Blue Mug'}`;
    expect(shown(t, settleNameShapes(t, []))).toEqual(['PERSON:Mariam', 'PERSON:Abdullah']);
    const log = 'level=info user_name="Hoàng Thị Mai" status="Active User"';
    expect(shown(log, settleNameShapes(log, [at(log, 'Thị Mai', 'LOCATION')]))).toEqual(['PERSON:Hoàng Thị Mai']);
    const product = '{"name": "Ultra Comfort Pillow", "recipient": "lower case"}';
    expect(settleNameShapes(product, [])).toEqual([]);
    const named = '{"name": "Ann Lee"}';
    expect(shown(named, settleNameShapes(named, [at(named, 'Ann')]))).toEqual(['PERSON:Ann Lee']);
  });

  it('takes Vietnamese names whole and a Chinese surname with its pinyin given name', () => {
    const vn = 'Spoke with Bùi Thị Anh and Do Duc Linh today';
    expect(shown(vn, settleNameShapes(vn, [at(vn, 'Thị Anh', 'LOCATION')]))).toEqual(['PERSON:Bùi Thị Anh', 'PERSON:Do Duc Linh']);
    const cn = 'Customer Huang Wei disputes it; Wang Street is closed';
    expect(shown(cn, settleNameShapes(cn, [at(cn, 'Huang'), at(cn, 'Wang')]))).toEqual(['PERSON:Huang Wei', 'PERSON:Wang']);
  });

  it('cuts form labels, sign-offs and column gaps out of names, and drops title lines and lone place prefixes', () => {
    const form = 'Patient: Layla Abdullah   DOB: 01/02/1990';
    expect(shown(form, settleNameShapes(form, [at(form, 'Layla Abdullah   DOB')]))).toEqual(['PERSON:Layla Abdullah']);
    const sig = 'Saludos,\nAna Ruiz\nDirectora de Operaciones';
    expect(shown(sig, settleNameShapes(sig, [at(sig, 'Saludos'), at(sig, 'Ana Ruiz'), at(sig, 'Directora de Operaciones', 'LOCATION')]))).toEqual(['PERSON:Ana Ruiz']);
    const fr = 'Date de naissance : 08/03/1981';
    expect(settleNameShapes(fr, [at(fr, 'Date de')])).toEqual([]);
    const moved = 'moved to 12 Mill Lane, Leeds LS6 2QB. New mobile soon';
    expect(shown(moved, settleNameShapes(moved, [at(moved, '12 Mill Lane, Leeds LS6 2QB. New', 'STREET_ADDRESS')]))).toEqual(['STREET_ADDRESS:12 Mill Lane, Leeds LS6 2QB']);
    const cut = 'moved to 197 Abbey Crescent, Sheffield S11 6ME.';
    expect(shown(cut, settleNameShapes(cut, [at(cut, '197 Abbey Crescent, Sheffield S11 6', 'STREET_ADDRESS')]))).toEqual(['STREET_ADDRESS:197 Abbey Crescent, Sheffield S11 6ME']);
    const lone = 'Paid. New mobile soon';
    expect(settleNameShapes(lone, [at(lone, 'New', 'LOCATION')])).toEqual([]);
  });

  it('joins an Indian house head and building name to the address after them, its recipient a person', () => {
    const t = 'Deliver to Obinna Okafor, H.No. 19-3-96, Sai Residency, 100 Feet Road, Salt Lake, Kolkata 518190. Mob: 1';
    const before = [at(t, 'Obinna Okafor, H.No. 19', 'LOCATION'), at(t, 'Sai Residency'), at(t, '100 Feet Road, Salt Lake, Kolkata 518190', 'STREET_ADDRESS')];
    expect(shown(t, settleNameShapes(t, before))).toEqual(['PERSON:Obinna Okafor', 'STREET_ADDRESS:H.No. 19-3-96, Sai Residency, 100 Feet Road, Salt Lake, Kolkata 518190']);
    const alone = 'Flat No. 12, nothing else here';
    expect(settleNameShapes(alone, [])).toEqual([]);
  });

  it('stays linear on hostile input', () => {
    const hostile = `${'"first_name": "'.repeat(2000)}${'Aa '.repeat(5000)}${'# 1, '.repeat(3000)}`;
    const cpu = process.cpuUsage();
    settleNameShapes(hostile, [{ type: 'LOCATION', start: hostile.length - 5, end: hostile.length - 1, score: 0.9 }]);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });
});
