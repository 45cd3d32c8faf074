/**
 * The parent this process had when the CLI's modules were first evaluated: read before anything
 * slow (loading the server's modules took 1.2 s at load 12 here), so a server started by a
 * script that ended meanwhile still sees that it was orphaned (`watchParent`). Imported first by
 * main.ts.
 */
export const STARTED_BY_PID = process.ppid;

/**
 * Whether npm started this process (`npx`, `npm exec`, `npm start`: npm sets `npm_command` in the
 * environment of what it runs). Only then do `serve` and `simulate` stop with their parent: npm
 * runs the command in a `sh -c` and passes a `kill` of its own PID to that shell alone, so the
 * server was left on its port with nothing to stop it. A server started without npm keeps serving
 * when the shell or script that started it ends (`node bin/switchyard.js serve &` in a CI step, a
 * script that backgrounds it and exits), as servers do.
 */
export const STARTED_BY_NPM = typeof process.env.npm_command === 'string';
