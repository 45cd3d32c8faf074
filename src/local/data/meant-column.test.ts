import { describe, expect, it } from 'vitest';
import { meantColumn } from './meant-column.js';

describe('meantColumn', () => {
  const ticketExport = ['ticket_id', 'channel', 'intent_label', 'customer_message'];

  it('finds the columns a support-ticket export names its own way for the defaults', () => {
    expect(meantColumn('text', ticketExport)).toBe('customer_message');
    expect(meantColumn('label', ticketExport)).toBe('intent_label');
    expect(meantColumn('text', ['id', 'meta.channel', 'ticket.body', 'category'])).toBe('ticket.body');
    expect(meantColumn('label', ['id', 'meta.channel', 'ticket.body', 'category'])).toBe('category');
  });

  it('finds a typo, a case away, a name held as a word, and a nested field by its last part', () => {
    expect(meantColumn('mesage', ['id', 'message'])).toBe('message');
    expect(meantColumn('message', ticketExport)).toBe('customer_message');
    expect(meantColumn('intent', ticketExport)).toBe('intent_label');
    expect(meantColumn('body', ['id', 'ticket.body'])).toBe('ticket.body');
    expect(meantColumn('label', ['utterance', 'intentLabel'])).toBe('intentLabel');
  });

  it('never offers the column the other flag takes, and offers nothing when nothing fits', () => {
    expect(meantColumn('label', ['text', 'text_label'], 'text_label')).toBeUndefined();
    expect(meantColumn('question', ['text', 'label'])).toBeUndefined();
    expect(meantColumn('text', ['a', 'b'])).toBeUndefined();
  });
});
