import type { Random } from '../../../core/clock.js';
import { seededRandom } from '../../../core/seeded-random.js';
import {
  type CorpusText,
  loadBanking,
  loadBenign,
  loadBipiaAttacks,
  loadBipiaEmails,
  loadGptFuzz,
  loadInTheWild,
  loadTap,
  loadXstest,
} from './corpus.js';
import { segmentSpans } from '../segments.js';
import { type Split, splitByGroup } from './group-split.js';
import { nearDuplicateClusters } from './near-duplicates.js';

export interface Example {
  text: string;
  label: 0 | 1;
  source: string;
  category?: string;
}

/**
 * Every split the injection detector is trained, tuned and measured on. Built the same way by
 * the training script and the benchmark, from the committed data only.
 */
export interface InjectionCorpus {
  /** The user-turn model: jailbreaks against ordinary and technical prompts. */
  user: Record<Split, Example[]>;
  /** The indirect model is trained on attack strings and document sentences... */
  indirectTrain: Example[];
  /** ...and tuned and measured on whole documents with attacks planted in them. */
  indirectVal: Example[];
  indirectTest: Example[];
  /** Held out entirely (never trained or tuned on): false-positive sets. */
  heldOut: { xstestSafe: Example[]; xstestUnsafe: Example[]; bankingTest: Example[]; benignTechnical: Example[] };
}

export const SPLIT_SEED = 20_240_601;

const positive = (t: CorpusText): Example => ({ text: t.text, label: 1, source: t.source, ...(t.category ? { category: t.category } : {}) });
const negative = (t: CorpusText): Example => ({ text: t.text, label: 0, source: t.source, ...(t.category ? { category: t.category } : {}) });

/**
 * Jailbreaks from the three corpora, grouped so near-duplicates share a split: texts whose word
 * 5-grams overlap by 30% or more (containment) are one group, across corpora, and a TAP attack
 * tree is one group.
 *
 * @example jailbreakSplits(DEFAULT_DATA_DIR).test.length // 148
 */
export function jailbreakSplits(dataDir: string): Record<Split, CorpusText[]> {
  const all = [...loadInTheWild(dataDir), ...loadGptFuzz(dataDir), ...loadTap(dataDir)];
  const clusters = nearDuplicateClusters(all.map((t) => t.text));
  // A TAP tree's prompts are variations of one attack: join them to one cluster.
  const treeCluster = new Map<string, number>();
  all.forEach((t, i) => {
    if (t.source !== 'tap') return;
    const first = treeCluster.get(t.group);
    if (first === undefined) treeCluster.set(t.group, clusters[i] as number);
    else clusters[i] = first;
  });
  const grouped = all.map((t, i) => ({ ...t, group: `jb-${clusters[i]}` }));
  return splitByGroup(grouped, (t) => t.group, { train: 0.6, val: 0.2, test: 0.2 }, 'jailbreaks');
}

/**
 * Plants an attack in a BIPIA e-mail the way BIPIA does: at the start, middle (a sentence
 * boundary near the middle) or end of its content.
 *
 * @example plantAttack('SUBJECT: x|CONTENT: Hello. Bye.', 'Reply in French.', 'end', ' ')
 */
export function plantAttack(context: string, attack: string, position: 'start' | 'middle' | 'end', separator: string): string {
  const marker = context.indexOf('CONTENT:');
  const bodyStart = marker === -1 ? 0 : marker + 'CONTENT:'.length;
  const head = context.slice(0, bodyStart);
  const body = context.slice(bodyStart);
  if (position === 'start') return `${head}${separator}${attack}${separator}${body}`;
  if (position === 'end') return `${context}${separator}${attack}`;
  const middle = Math.floor(body.length / 2);
  const after = body.slice(middle).search(/[.!?\n]\s/);
  const cut = after === -1 ? middle : middle + after + 1;
  return `${head}${body.slice(0, cut)}${separator}${attack}${separator}${body.slice(cut)}`;
}

function plantAll(attacks: CorpusText[], emails: CorpusText[], random: Random): Example[] {
  const out: Example[] = [];
  for (const attack of attacks) {
    for (const email of emails) {
      for (const position of ['start', 'middle', 'end'] as const) {
        const separator = random() < 0.5 ? '\n' : ' ';
        out.push({ ...positive(attack), text: plantAttack(email.text, attack.text, position, separator) });
      }
    }
  }
  return out;
}

/**
 * The sentences a planted attack ends up in, as the detector's segmenter cuts them: each train
 * attack is planted in two train e-mails at random positions, and every segment that overlaps
 * the attack is a positive (often the attack glued to a header or a neighbouring line).
 */
function plantedSentences(attacks: CorpusText[], emails: CorpusText[], random: Random): Example[] {
  const out: Example[] = [];
  const positions = ['start', 'middle', 'end'] as const;
  for (const attack of attacks) {
    for (let k = 0; k < 2; k++) {
      const email = emails[Math.floor(random() * emails.length)] as CorpusText;
      const position = positions[Math.floor(random() * 3)] as (typeof positions)[number];
      const doc = plantAttack(email.text, attack.text, position, random() < 0.5 ? '\n' : ' ');
      const from = doc.indexOf(attack.text);
      const to = from + attack.text.length;
      for (const [start, end] of segmentSpans(doc)) {
        if (end > from && start < to && doc.slice(start, end) !== attack.text) {
          out.push({ ...positive(attack), text: doc.slice(start, end), source: `${attack.source}-planted` });
        }
      }
    }
  }
  return out;
}

/**
 * Builds every split. Splits: jailbreaks 60/20/20 by near-duplicate group; BIPIA text attacks by
 * BIPIA's own files (train file → 2/3 train, 1/3 validation by category; test file → test);
 * BIPIA code attacks 40/20/40 by category; BIPIA e-mails 50/20/30; banking77 training sample
 * 75/25 (its official test split is held out); the benign training prompts 60/40; the benign
 * documents 50/25/25. XSTest and the reported benign technical prompts are never trained on.
 *
 * @example const corpus = buildInjectionCorpus('data/');
 */
export function buildInjectionCorpus(dataDir: string): InjectionCorpus {
  const jailbreaks = jailbreakSplits(dataDir);
  const attacks = loadBipiaAttacks(dataDir);
  const textTrainFile = splitByGroup(
    attacks.filter((a) => a.group.startsWith('text_attack_train')),
    (a) => a.group,
    { train: 2 / 3, val: 1 / 3, test: 0 },
    'bipia-text',
  );
  const textTest = attacks.filter((a) => a.group.startsWith('text_attack_test'));
  const code = splitByGroup(
    attacks.filter((a) => a.kind === 'code'),
    (a) => a.group,
    { train: 0.4, val: 0.2, test: 0.4 },
    'bipia-code',
  );
  const emails = splitByGroup(loadBipiaEmails(dataDir), (e) => e.group, { train: 0.5, val: 0.2, test: 0.3 }, 'emails');
  const banking = splitByGroup(loadBanking(dataDir, 'train'), (t) => t.group, { train: 0.75, val: 0.25, test: 0 }, 'banking');
  const benignPrompts = splitByGroup(loadBenign(dataDir, 'train-prompts'), (t) => t.group, { train: 0.6, val: 0.4, test: 0 }, 'tp');
  const documents = splitByGroup(loadBenign(dataDir, 'documents'), (t) => t.group, { train: 0.5, val: 0.25, test: 0.25 }, 'docs');
  const xstest = loadXstest(dataDir);

  const user: Record<Split, Example[]> = {
    train: [
      ...jailbreaks.train.map(positive),
      ...banking.train.map(negative),
      ...benignPrompts.train.map(negative),
      // BIPIA's task requests are ordinary prompts when a user types them.
      ...textTrainFile.train.map(negative),
      // Users paste e-mails and documents into their turn: long benign text, without which the
      // head learns that length itself looks like a jailbreak (long jailbreaks, short queries).
      ...emails.train.map(negative),
      ...documents.train.map(negative),
    ],
    val: [
      ...jailbreaks.val.map(positive),
      ...banking.val.map(negative),
      ...benignPrompts.val.map(negative),
      ...emails.val.map(negative),
      ...documents.val.map(negative),
    ],
    test: jailbreaks.test.map(positive),
  };

  const random = seededRandom(SPLIT_SEED);
  const bipiaTrain = [...textTrainFile.train, ...code.train];
  const indirectTrain: Example[] = [
    ...bipiaTrain.map(positive),
    ...plantedSentences(bipiaTrain, emails.train, random),
    ...jailbreaks.train.map(positive),
    ...emails.train.map(negative),
    ...documents.train.map(negative),
  ];
  const indirectVal: Example[] = [
    ...plantAll([...textTrainFile.val, ...code.val], emails.val, random),
    ...emails.val.map(negative),
    ...documents.val.map(negative),
  ];
  const indirectTest: Example[] = [
    ...plantAll([...textTest, ...code.test], emails.test, random),
    ...emails.test.map(negative),
    ...documents.test.map(negative),
  ];

  return {
    user,
    indirectTrain,
    indirectVal,
    indirectTest,
    heldOut: {
      xstestSafe: xstest.filter((t) => t.source === 'xstest-safe').map(negative),
      xstestUnsafe: xstest.filter((t) => t.source === 'xstest-unsafe').map(negative),
      bankingTest: loadBanking(dataDir, 'test').map(negative),
      benignTechnical: loadBenign(dataDir, 'prompts').map(negative),
    },
  };
}
