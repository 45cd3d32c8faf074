import { spawn } from 'node:child_process';

/** A fenced shell block of a Markdown file, with the directive (if any) written just above it. */
export interface ShellBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `## ` heading the block is under: a reader works through a section in one terminal. */
  section: string;
  code: string;
  /**
   * From an HTML comment on the line before the fence (invisible on GitHub):
   * `<!-- docs-test: skip: why -->` leaves the block out (e.g. `npm ci`, which would reinstall the
   * checkout the test runs in); `<!-- docs-test: background until URL -->` starts a block that runs
   * until stopped (a server, kept for the rest of the file) and waits until URL answers;
   * `<!-- docs-test: after stopping the jobs -->` stops the section's servers first, where the text
   * asks the reader to stop them before the block (a clean-up that must not race their last writes).
   */
  directive: { kind: 'skip'; why: string } | { kind: 'background'; until: string } | { kind: 'after-stopping-jobs' } | null;
}

const FENCE = /^```(sh|bash|shell|console)\s*$/;
const DIRECTIVE = /^<!--\s*docs-test:\s*(skip|background|after stopping the jobs)(?::\s*|\s+until\s+)?(.*?)\s*-->\s*$/;

function directiveOf(kind: string, argument: string): ShellBlock['directive'] {
  if (kind === 'skip') return { kind: 'skip', why: argument };
  if (kind === 'background') return { kind: 'background', until: argument };
  return { kind: 'after-stopping-jobs' };
}

/**
 * Every ```sh (or bash, shell) block of a Markdown text, in order.
 *
 * @example shellBlocks('README.md', text)[0] // { file: 'README.md', line: 12, code: 'npm ci\n', directive: null }
 */
export function shellBlocks(file: string, markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i] ?? '';
    if (open.startsWith('## ')) section = open.slice(3).trim();
    if (!open.startsWith('```')) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) break;
    if (FENCE.test(open)) {
      const previous = (lines[i - 1] ?? '').trim();
      const match = DIRECTIVE.exec(previous);
      const directive = match ? directiveOf(match[1] ?? '', match[2] ?? '') : null;
      blocks.push({ file, line: i + 1, section, code: `${lines.slice(i + 1, end).join('\n')}\n`, directive });
    }
    i = end;
  }
  return blocks;
}

/**
 * Stops the session's background jobs (servers) and everything they started, and waits until
 * they are gone, so the next section's servers find their ports free.
 */
const STOP_JOBS = `KEEP=" "
stop_tree() { local c; for c in $(pgrep -P "$1"); do stop_tree "$c"; done; kill "$1" 2>/dev/null || true; }
stop_jobs() { local j; for j in $(jobs -p); do case "$KEEP" in *" $j "*) ;; *) stop_tree "$j"; wait "$j" 2>/dev/null || true;; esac; done; }
stop_all() { KEEP=" "; stop_jobs; }`;

/**
 * A watchdog in the session's process group: when the process that started the session is gone
 * (killed with SIGKILL or SIGTERM, which run no 'exit' handler), it stops the whole group, so a
 * killed test run leaves no simulator holding port 9300. Polled once a second: no parent-death
 * signal reaches a bash session from Node.
 */
const WATCH_OWNER = `if [ -n "$SESSION_OWNER_PID" ]; then
  ( while kill -0 "$SESSION_OWNER_PID" 2>/dev/null; do sleep 1; done; kill -TERM -- -$$ ) &
  KEEP="$KEEP$! "
fi`;

/**
 * One bash session that runs blocks in order, as a person pasting them into a terminal would:
 * variables carry over, and the first failing command stops it (`set -e`, `pipefail`). Servers a
 * section starts in the background are stopped when the next `## ` section begins (a reader
 * stops them before moving on); a `background until URL` block's server runs to the end. Markers say which block is running, so a failure names it.
 */
export function sessionScript(blocks: readonly ShellBlock[]): string {
  // One stream (stdout joins stderr) keeps the block markers in order with the output.
  const parts = ['exec 1>&2', 'set -eo pipefail', STOP_JOBS, WATCH_OWNER];
  let section: string | undefined;
  blocks.forEach((block, index) => {
    if (section !== undefined && block.section !== section) parts.push('stop_jobs');
    section = block.section;
    parts.push(`echo "@@block ${index}@@" >&2`);
    if (block.directive?.kind === 'skip') return;
    if (block.directive?.kind === 'after-stopping-jobs') parts.push('stop_jobs');
    if (block.directive?.kind === 'background') {
      // Kept for the whole file, like the server a reader leaves running in their first terminal.
      parts.push(`( ${block.code.trim()}\n) &`, 'KEEP="$KEEP$! "');
      parts.push(`for i in $(seq 1 150); do curl -sf -o /dev/null ${JSON.stringify(block.directive.until)} && break; sleep 0.2; done`);
      parts.push(`curl -sf -o /dev/null ${JSON.stringify(block.directive.until)}`);
      return;
    }
    parts.push(block.code.trimEnd());
  });
  parts.push('echo "@@done@@" >&2', 'stop_all');
  return `${parts.join('\n')}\n`;
}

export interface SessionResult {
  exitCode: number | null;
  /** Index of the block that was running when the session ended. */
  lastBlock: number;
  finished: boolean;
  /** Output (stdout and stderr interleaved) per block index. */
  output: Map<number, string>;
  timedOut: boolean;
}

/**
 * Runs a session script in `cwd` with its own process group, and stops everything it started
 * in the background (servers) when the script ends, after `timeoutMs`, or when the process
 * `ownerPid` (this one unless a test names another) ends, however it ends.
 */
export function runSession(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, ownerPid = process.pid): Promise<SessionResult & { pid: number }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env: { ...env, SESSION_OWNER_PID: String(ownerPid) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = new Map<number, string>();
    let block = -1;
    let finished = false;
    let timedOut = false;
    const append = (text: string) => output.set(block, (output.get(block) ?? '') + text);
    const onData = (chunk: Buffer) => {
      for (const piece of chunk.toString().split(/(@@block \d+@@\n|@@done@@\n)/)) {
        const marker = /^@@block (\d+)@@\n$/.exec(piece);
        if (marker) block = Number(marker[1]);
        else if (piece === '@@done@@\n') finished = true;
        else if (piece) append(piece);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const stopGroup = () => {
      try {
        process.kill(-(child.pid as number), 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    // The session runs in its own process group: if this process ends first (a runner's time
    // limit), its servers must not live on holding the documented ports.
    process.once('exit', stopGroup);
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.off('exit', stopGroup);
      // Background servers of the session share its process group: stop them, then give their
      // last words a moment to arrive.
      stopGroup();
      setTimeout(() => resolve({ exitCode: code, lastBlock: block, finished, output, timedOut, pid: child.pid as number }), 300);
    });
  });
}
