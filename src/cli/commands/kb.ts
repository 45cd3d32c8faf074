import type { Command } from 'commander';
import { CLI } from '../../core/cli-command.js';
import { SwitchyardError } from '../../core/errors.js';

const DB_HELP = 'knowledge store: a SQLite file or postgres:// URL (default: knowledge.db beside $SWITCHYARD_DB, else .switchyard/knowledge.db — where the gateway looks)';

function embedOptions(command: Command): Command {
  return command
    .option('--gateway <url>', 'OpenAI-compatible API for embeddings (e.g. the Switchyard gateway)')
    .option('--api-key <key>', 'key for --gateway (default: $SWITCHYARD_API_KEY)')
    .option('--embed-model <model>', 'embedding model (needed for dense and hybrid search)')
    .option('--db <file>', DB_HELP);
}

/** `switchyard kb …`: knowledge bases for retrieval (RAG). */
export function registerKb(program: Command): void {
  const kb = program.command('kb').description('knowledge bases: index files, search (BM25, dense, hybrid), evaluate retrieval');
  const load = {
    add: () => import('../kb/kb-add.js'),
    search: () => import('../kb/kb-search.js'),
    eval: () => import('../kb/kb-eval.js'),
    inspect: () => import('../kb/kb-inspect.js'),
    remove: () => import('../kb/kb-remove.js'),
  };
  embedOptions(kb.command('add <name> [paths...]').description('index files and folders (Markdown, text, HTML, PDF) or --jsonl records as a new version; only changed documents are re-indexed'))
    .option('--jsonl <file>', 'index JSONL records {"id","title","text", …metadata}')
    .option('--id-field <field>', 'JSONL field with the record id', 'id')
    .option('--text-field <field>', 'JSONL field with the text', 'text')
    .option('--title-field <field>', 'JSONL field with the title', 'title')
    .option('--max-chars <n>', 'chunk size bound of a new knowledge base (default 1600)')
    .option('--overlap <n>', 'characters repeated between chunks of a split section (default 200)')
    .option('--encoding <name>', 'what a text file that is not UTF-8 is read as: auto (by its letters: windows-1252, windows-1250 or iso-8859-2), utf-8 (refuse it), windows-1252, windows-1250 or iso-8859-2', 'auto')
    .option('--wait <seconds>', 'how long to wait for another writer of the base (kb add, kb remove, the admin API: one at a time) before giving up', '600')
    .option('--reembed', 'replace every vector with ones from --embed-model')
    .option('--json', 'print the report as JSON')
    .action(async (name: string, paths: string[], flags) => (await load.add()).addAction(name, paths, flags));
  embedOptions(kb.command('search <name>').description('read {"query": …} lines on stdin (or one --query); on a terminal list each query\'s results (score, chunk, start of its text), else write {"results": [{"docId","chunkId","score","text","title","headingPath","start","end","metadata"}]} lines'))
    .option('--query <text>', 'search for this one query instead of stdin\'s lines (giving both is an error)')
    .option('--k <n>', 'results per query', '10')
    .option('--mode <mode>', 'bm25, dense or hybrid', 'bm25')
    .option('--filter <json>', 'metadata filter, e.g. \'{"team":"support"}\'')
    .option('--kb-version <n>', 'search an earlier version')
    .option('--json', 'JSON lines on a terminal too (the output to a pipe or file is always JSON lines)')
    .action(async (name: string, flags) => (await load.search()).searchAction(name, flags));
  embedOptions(kb.command('eval <name>').description('recall@1/5/10/100, MRR@10 and nDCG@10 on {"question","gold_ids"} lines'))
    .requiredOption('--queries <file>', 'JSONL of {"question": …, "gold_ids": […]}')
    .option('--mode <mode>', 'bm25, dense or hybrid', 'bm25')
    .option('--filter <json>', 'metadata filter')
    .option('--kb-version <n>', 'evaluate an earlier version')
    .option('--json', 'print JSON')
    .action(async (name: string, flags) => (await load.eval()).evalAction(name, flags));
  kb.command('list')
    .description('knowledge bases with version, size and embedding model')
    .option('--json', 'print JSON')
    .option('--db <file>', DB_HELP)
    .action(async (flags) => (await load.inspect()).listAction(flags));
  kb.command('show <name>')
    .description('versions and documents of a knowledge base')
    .option('-n, --limit <n>', 'documents to list', '20')
    .option('--json', 'print JSON')
    .option('--db <file>', DB_HELP)
    .action(async (name: string, flags) => (await load.inspect()).showAction(name, flags));
  kb.command('remove <name> <documents...>')
    .description('remove documents (by id as kb show lists them, or every document of a folder or JSONL file kb add read) and publish the version without them at once')
    .option('--json', 'print the result as JSON')
    .option('--purge', 'forget them: also delete them (text, chunks, vectors, index entries) from every earlier version; a document only earlier versions hold may be named')
    .option('--wait <seconds>', 'how long to wait for another writer of the base (kb add, kb remove, the admin API: one at a time) before giving up', '600')
    .option('--db <file>', DB_HELP)
    .action(async (name: string, documents: string[], flags) => (await load.remove()).removeAction(name, documents, flags));
  // Documents after the name are taken, only to say which command removes them (a user reaching for
  // "delete NAME DOC" got commander's "too many arguments" and no pointer to kb remove).
  kb.command('delete <name> [documents...]')
    .description('remove a knowledge base and all its versions (kb remove takes documents out of one)')
    .option('--wait <seconds>', 'how long to wait for another writer of the base (kb add, kb remove, the admin API: one at a time) before giving up', '600')
    .option('--db <file>', DB_HELP)
    .action(async (name: string, documents: string[], flags) => {
      if (documents.length > 0) {
        throw new SwitchyardError('invalid_request', `kb delete removes the whole base "${name}" and takes no documents; to take ${documents.length === 1 ? 'a document' : 'documents'} out of it: ${CLI} kb remove ${name} ${documents.join(' ')}`);
      }
      return (await load.inspect()).deleteAction(name, flags);
    });
}
