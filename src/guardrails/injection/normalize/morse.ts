import { matchesOf } from '../../../core/regex-matches.js';
const MORSE: Record<string, string> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j',
  '-.-': 'k', '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't',
  '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z', '-----': '0', '.----': '1', '..---': '2',
  '...--': '3', '....-': '4', '.....': '5', '-....': '6', '--...': '7', '---..': '8', '----.': '9', '.-.-.-': '.',
  '--..--': ',', '..--..': '?', '-.-.--': '!', '.----.': "'",
};

// Runs of dot/dash groups separated by spaces or slashes; each group is bounded, so linear.
const MORSE_RUN = /(?:[.-]{1,6}[ /]{1,7}){5,}[.-]{1,6}/g;

/**
 * Decodes Morse code runs (letters separated by a space, words by " / " or several spaces);
 * jailbreaks use it to slip instructions past word filters.
 *
 * @example decodeMorse('.. --. -. --- .-. . / .- .-.. .-..') // ['ignore all']
 */
export function decodeMorse(text: string): string[] {
  const out: string[] = [];
  for (const match of matchesOf(MORSE_RUN, text)) {
    const words = match[0].trim().split(/\s*\/\s*|\s{2,}/);
    let decoded = '';
    let unknown = 0;
    let letters = 0;
    for (const word of words) {
      for (const symbol of word.split(' ')) {
        if (symbol === '') continue;
        const letter = MORSE[symbol];
        if (letter === undefined) unknown++;
        else {
          decoded += letter;
          letters++;
        }
      }
      decoded += ' ';
    }
    if (letters >= 4 && unknown <= letters / 10) out.push(decoded.trim());
  }
  return out;
}
