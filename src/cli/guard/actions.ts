/** The CLI's entry into guardrails; loaded only when a `guard` or `redteam` command runs. */
export { redteamAction } from './redteam-action.js';
export { scanAction } from './scan-action.js';
