import { parquetWriteBuffer } from 'hyparquet-writer';

/** The writer's own schema type (it carries its own hyparquet's, not the reader's). */
type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

const text = (name: string, repetition_type: 'OPTIONAL' | 'REQUIRED' = 'OPTIONAL'): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type });
const list = (name: string, element: SchemaElement): SchemaElement[] => [{ name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 }, { name: 'list', repetition_type: 'REPEATED', num_children: 1 }, element];

/**
 * A Parquet file shaped as Hugging Face hub sets nest their columns (squad's `answers`, wmt's
 * `translation`): a string column, a struct of strings and a struct of lists, written with
 * hyparquet-writer's explicit schema (its detection writes an object column as JSON).
 *
 * @example writeFileSync('squad.parquet', new Uint8Array(structParquet()))
 */
export function structParquet(): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: [
      { name: 'title', data: ['Hamlet', 'Sums'] },
      { name: 'translation', data: [{ en: 'Who wrote Hamlet?', fr: 'Qui a écrit Hamlet ?' }, { en: 'What is 2+2?', fr: 'Combien font 2+2 ?' }] },
      { name: 'answers', data: [{ text: ['Shakespeare'], answer_start: [3] }, { text: ['4', 'four'], answer_start: [0, 0] }] },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      text('title', 'REQUIRED'),
      { name: 'translation', repetition_type: 'OPTIONAL', num_children: 2 },
      text('en'),
      text('fr'),
      { name: 'answers', repetition_type: 'OPTIONAL', num_children: 2 },
      ...list('text', text('element')),
      ...list('answer_start', { name: 'element', type: 'INT32', repetition_type: 'OPTIONAL' }),
    ],
  });
}
