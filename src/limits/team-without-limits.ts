import { closestName } from '../core/format-issues.js';

/**
 * The note for a key put in a team that has no limits yet (no team of that name was created at
 * runtime or is in the config): allowed, since a team may be given limits after its keys, but a
 * typo in the team's name would otherwise pass unseen, the key counting against no team budget.
 * Shared by `switchyard keys create --team` and `POST /api/keys`; undefined for a known team.
 *
 * @example teamWithoutLimitsNote('ci-bot', 'enginering', ['engineering'], 'at runtime or is in the config', 'PUT /api/teams/enginering with a budget')
 * // 'key "ci-bot" is in team "enginering", which has no budget or rate limit yet (did you mean "engineering"? …'
 */
export function teamWithoutLimitsNote(name: string, team: string, teams: Iterable<string>, where: string, fix: string): string | undefined {
  const known = [...new Set(teams)].sort();
  if (known.includes(team)) return undefined;
  // The team most likely meant, named first: in a list of ten teams "ml-research" beside "ml-reserch" went unseen.
  const meant = closestName(team, known);
  const guess = meant ? `did you mean "${meant}"? ` : '';
  const listed = known.slice(0, 20).join(', ') + (known.length > 20 ? `, … ${known.length - 20} more` : '');
  return `key "${name}" is in team "${team}", which has no budget or rate limit yet (${guess}no team of that name was created ${where}; teams: ${listed || 'none'}); its calls count against no team limit until: ${fix}`;
}
