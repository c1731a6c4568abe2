/** Reading settings from the environment, with errors that name the variable. */

/** A whole number ≥ 1 from `env[name]`, or undefined when unset; throws naming the variable when it is not one. */
export function positiveIntegerFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1 (got "${text}")`);
  return value;
}
