// What a copied letter must contain, read from the letter library (letters/<id>.toml), so the
// test follows the letters as they are written rather than a copy of their words.

import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LETTERS = resolve(import.meta.dirname, '..', '..', 'letters');

/** { id, to, after, mustContain: [fixed lines of the letter's body: its subject line first] } */
export function expectedLetter(id) {
  const file = join(LETTERS, `${id}.toml`);
  if (!existsSync(file)) throw new Error(`no letter ${id} in ${LETTERS}`);
  const body = readFileSync(file, 'utf8').match(/^body\s*=\s*'''\n?([\s\S]*?)'''/m);
  if (!body) throw new Error(`${file} has no body = '''...'''`);
  // Lines with no placeholders and no optional parts are copied word for word.
  const fixed = body[1]
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/[{}]|\[\[|\]\]/.test(l) && !/^[-*]/.test(l))
    // Greetings and sign-offs are the same in every letter; the subject line comes first.
    .filter((l) => !/^(Dear|Yours)\b/.test(l));
  if (fixed.length < 2) throw new Error(`${file}: too few fixed lines to recognise the letter`);
  const to = readFileSync(file, 'utf8').match(/^to\s*=\s*"([^"]*)"/m)?.[1];
  if (!to) throw new Error(`${file} has no to = "..."`);
  const after = readFileSync(file, 'utf8').match(/^after\s*=\s*"([^"]*)"/m)?.[1];
  if (!after) throw new Error(`${file} has no after = "..."`);
  return { id, to, after, mustContain: fixed.slice(0, 2) };
}
