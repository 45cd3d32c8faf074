import { describe, expect, it } from 'vitest';
import { readsAsForeign } from './function-words.js';

describe('readsAsForeign', () => {
  it('reads German, French, Spanish, Italian, Portuguese and Dutch as foreign', () => {
    for (const text of [
      'Kannst du mir helfen, eine Beschwerde zu schreiben?',
      'Peux-tu raccourcir la présentation pour la réunion client ?',
      '¿Puedes acortar la presentación para la reunión con el cliente?',
      "Puoi accorciare la presentazione per l'incontro con il cliente?",
      'Podes encurtar a apresentação para a reunião com o cliente?',
      'Kun je de presentatie voor het klantgesprek inkorten?',
    ]) {
      expect(readsAsForeign(text), text).toBe(true);
    }
  });

  it('reads English as English, with foreign names, quoted phrases, ids and hashes in it', () => {
    for (const text of [
      'Please translate "gracias por todo" into English for my colleague.',
      'Janka M. Szász, network administrator, lives at 450 Præstevænget 15, København V.',
      'Kubernetes pod api-801af-28c67 restarted 9 times; memory limit 3598Mi, usage peaks at 2179Mi.',
      'Docker image sha256:a5849344ad0f9755c5428f4ce499c3706f3fc91b7ab2ab344de916e5794235f0 fails to start.',
      'Meet me at the Café de la Paix with Maria de los Santos.',
    ]) {
      expect(readsAsForeign(text), text).toBe(false);
    }
  });

  it('judges a long text by its start, in bounded time', () => {
    expect(readsAsForeign(`${'the cat sat on the mat. '.repeat(400)}${'und die Katze ist nicht da. '.repeat(10_000)}`)).toBe(false);
  });
});
