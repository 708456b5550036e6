/**
 * RFC 6749 §3.1/§3.2: a parameter sent more than once is invalid, a
 * parameter without a value counts as omitted, unknown ones are ignored.
 * Parameters arrive raw (name, value) so that these rules apply here.
 */
export interface RawParameter {
  readonly name: string;
  readonly value: string;
}

export interface CollectedParameters {
  /** The value of each parameter that occurs exactly once with a non-empty value. */
  get(name: string): string | undefined;
  /** Names given more than once (in order of first repeat). */
  readonly duplicates: readonly string[];
}

export function collectParameters(parameters: readonly RawParameter[]): CollectedParameters {
  const values = new Map<string, string>();
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const { name, value } of parameters) {
    if (seen.has(name)) {
      if (!duplicates.includes(name)) duplicates.push(name);
      continue;
    }
    seen.add(name);
    if (value !== "") values.set(name, value);
  }
  return {
    get: (name) => (duplicates.includes(name) ? undefined : values.get(name)),
    duplicates,
  };
}
