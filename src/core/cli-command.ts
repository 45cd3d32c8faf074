/**
 * How every hint names a command: `switchyard …`, as the README teaches ("Hints the commands print
 * write `switchyard …`: run them the same way"; from a checkout that is `npx --no switchyard …` or
 * `node bin/switchyard.js …`). One name, so no hint says `npx --no switchyard` while the next says
 * `switchyard`.
 *
 * @example `create one with ${CLI} keys create NAME` // 'create one with switchyard keys create NAME'
 */
export const CLI = 'switchyard';
