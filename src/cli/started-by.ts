/**
 * The parent this process had when the CLI's modules were first evaluated: read before anything
 * slow (loading the server's modules took 1.2 s at load 12 here), so a server started by a
 * script that ended meanwhile still sees that it was orphaned (`watchParent`). Imported first by
 * main.ts.
 */
export const STARTED_BY_PID = process.ppid;
