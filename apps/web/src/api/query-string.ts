/** `?k=v&...` of the parameters that are set (null, undefined and blank ones are left out). */
export function queryString(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value.trim() !== '') search.set(key, value.trim());
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
