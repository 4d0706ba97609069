/** Autocomplete choices, filtered by what the member typed: one rule for every command. */


/** Autocomplete: names containing what was typed (any case), those starting with it first, at most 25. */
export function filterChoices(names: readonly string[], typed: string): string[] {
  const key = typed.trim().toLowerCase();
  const matching = key === '' ? [...names] : names.filter((n) => n.toLowerCase().includes(key));
  const starts = matching.filter((n) => n.toLowerCase().startsWith(key));
  return [...starts, ...matching.filter((n) => !starts.includes(n))].slice(0, 25);
}
