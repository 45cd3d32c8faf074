import type { Command } from 'commander';

const DB_HELP = 'registry store (default: $SWITCHYARD_DB or .switchyard/switchyard.db)';

/** Where a labelled file keeps its texts and labels: `train` and `eval` read the same files. */
function columnOptions(command: Command): Command {
  return command
    .option('--text-column <name>', 'column or field holding the text (a nested JSONL field or Parquet struct field by its path: input.text)', 'text')
    .option('--label-column <name>', 'column or field holding the label', 'label');
}

/** `switchyard local …`: train, evaluate and run local task models (classifiers). */
export function registerLocal(program: Command): void {
  const local = program.command('local').description('local task models: train, evaluate, predict');
  columnOptions(
    local
      .command('train')
      .description('train a classifier from a CSV, TSV, JSONL or Parquet file of labelled texts')
      .requiredOption('--data <file>', 'CSV or TSV (with a header), JSONL or Parquet examples (a Hugging Face ClassLabel column is read as its label names)')
      .option('--out <model>', 'model file to write (needed without --route; with it, the registry keeps its own copy)'),
  )
    .option('--route <name>', 'register the model as a new version of this route (and write --out too, when given)')
    .option('--min-precision <p>', "precision target for the confidence threshold (default: the route's task in --config, else 0.95)")
    .option('--out-of-scope-label <label>', 'label of examples that match none of the labels (predicting it escalates)')
    .option('--min-coverage <c>', "coverage the route needs for --promote (default: the route's task in --config, else 0.5)")
    .option('--promote', 'with --route: make the version live if it meets the bar')
    .option('--no-keep-data', "with --route: do not keep the file's examples for the route's automatic retraining (kept by default, so later versions learn from them beside traffic)")
    .option('--register-again', 'with --route: register a new version even when one is identical (same data version and held-out figures); without it, --promote acts on that version')
    .option('-c, --config <file>', 'with --route: the gateway config whose store to register in and whose route (and its bar) it must be; a route it lacks is refused before training')
    .option('--seed <n>', 'seed for the split and training order', '1')
    .option('--hold-out <order>', 'which examples certify the threshold: newest (the last 10% of each label in file order, as new traffic comes after the file) or random', 'newest')
    .option('--min-examples-to-answer <n>', 'a label with fewer examples is learnt but never answered locally (its requests escalate): its few held-out rows were written with its training rows and cannot certify precision on new phrasings (default 40; 0 answers every label)')
    .option('--skip-bad-lines', 'train past malformed lines (an empty text, a missing label); they are listed on stderr')
    .option('--distance-gate', 'train the distance gate (the default, or the route\'s task.distance_gate with --config): a 32-d centre-loss network; a request far from its label\'s centre escalates; its cut-off is chosen on the held-out requests with the threshold (+1.6–1.8 s of CPU on 10k texts, +1.3 MB; files of 2,000+ examples)')
    .option('--no-distance-gate', 'train without the distance gate: escalate on confidence alone')
    .option('--max-distant-share <s>', 'share of held-out requests the distance gate may escalate, which sets its cut-off (default 0.025; 0.001–0.5). Higher escalates more requests of intents the route never had and answers fewer: on banking77 0.1 escalates ~75% of the requests of 10 never-seen intents instead of ~63%, at 0.5–3 points less coverage (docs/local-models.md, "Distance gate")')
    .option('--drop-rare-labels', 'leave out labels with fewer than 5 examples (listed) instead of refusing the file; the model does not know them, and answers their requests with the nearest label it knows when confident')
    .option('--merge-label-spellings', 'train a label the file writes more than one way (case, spaces, _ and - aside: Refund_Request, refund request) as one, its commonest spelling; without it they are named and trained apart')
    .option('--db <file>', DB_HELP)
    .option('--json', 'print one JSON object')
    .action(async (flags) => (await import('../local/train-action.js')).trainAction(flags));
  columnOptions(
    local
      .command('eval')
      .description('accuracy, coverage and realised precision of a model on labelled data')
      .requiredOption('--model <model>', 'model file')
      .requiredOption('--data <file>', 'CSV, TSV, JSONL or Parquet examples')
      .option('--min-precision <p>', 'precision target (threshold from the model\'s validation split; default: its own target)'),
  )
    .option('--json', 'print one JSON object')
    .action(async (flags) => (await import('../local/eval-action.js')).evalAction(flags));
  local
    .command('predict')
    .description('read JSONL {"text": …} on stdin (or one --text), write {"label","confidence","escalate"} per line')
    .requiredOption('--model <model>', 'model file')
    .option('--text <text>', 'classify this one text instead of stdin\'s lines (giving both is an error)')
    .action(async (flags) => (await import('../local/predict-action.js')).predictAction(flags));
}
