/** A feature whose tables a newer Switchyard migrated further than this build knows. */
export interface SchemaAhead {
  feature: string;
  /** The version the database records. */
  database: number;
  /** The newest this build has steps for. */
  build: number;
}

/**
 * The features the database records at a version past this build's last step: a replica rolled
 * back, or not yet upgraded, running on a schema a newer one migrated. Migrating then applies
 * nothing, and "up to date" alone would hide it. Features the build does not know at all are
 * left out (some tables are created outside these lists).
 *
 * @example schemaAhead([{ feature: 'traces', version: 8 }], [{ feature: 'traces', steps: [a, b, c, d, e, f, g] }]) // [{ feature: 'traces', database: 8, build: 7 }]
 */
export function schemaAhead(recorded: Iterable<{ feature: string; version: number }>, features: readonly { feature: string; steps: readonly unknown[] }[]): SchemaAhead[] {
  const known = new Map(features.map((f) => [f.feature, f.steps.length]));
  const ahead: SchemaAhead[] = [];
  for (const { feature, version } of recorded) {
    const build = known.get(feature);
    if (build !== undefined && Number(version) > build) ahead.push({ feature, database: Number(version), build });
  }
  return ahead.sort((a, b) => a.feature.localeCompare(b.feature));
}

/**
 * One line saying the schema is ahead of this build, or undefined.
 *
 * @example describeSchemaAhead([{ feature: 'traces', database: 8, build: 7 }]) // 'the database was migrated by a newer Switchyard: traces v8 (this build knows v7); …'
 */
export function describeSchemaAhead(ahead: readonly SchemaAhead[]): string | undefined {
  if (ahead.length === 0) return undefined;
  const list = ahead.map((a) => `${a.feature} v${a.database} (this build knows v${a.build})`).join(', ');
  return `the database was migrated by a newer Switchyard: ${list}; this build runs on it while the newer steps only add tables, columns and indexes (docs/replicas.md, "Schema migrations"), and never undoes them`;
}
