// Words: tokenising like FTS5's unicode61 tokenizer (lower case, accents removed) and a
// bounded edit distance for typo tolerance.

export function normaliseWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

export function tokenize(text: string): string[] {
  return normaliseWord(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** Damerau-Levenshtein (optimal string alignment) distance, or max+1 when it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** How many typos a word of this length may carry and still be corrected. */
export function allowedTypos(word: string): number {
  if (word.length >= 8) return 2;
  if (word.length >= 4) return 1;
  return 0;
}

/** A sorted vocabulary with prefix lookup and closest-word correction. */
export class Vocabulary {
  private terms: string[] = [];
  private set = new Set<string>();
  private sorted = true;

  add(term: string): boolean {
    if (this.set.has(term)) return false;
    this.set.add(term);
    this.terms.push(term);
    this.sorted = false;
    return true;
  }

  get size(): number {
    return this.set.size;
  }

  private ensureSorted() {
    if (!this.sorted) {
      this.terms.sort();
      this.sorted = true;
    }
  }

  /** True when some known word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    this.ensureSorted();
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.terms.length && this.terms[lo].startsWith(prefix);
  }

  /** Known words within the allowed edit distance, closest first (at most `limit`). */
  corrections(word: string, limit = 3): string[] {
    const max = allowedTypos(word);
    if (max === 0) return [];
    this.ensureSorted();
    const found: { t: string; d: number }[] = [];
    for (const t of this.terms) {
      if (Math.abs(t.length - word.length) > max) continue;
      const d = editDistance(word, t, max);
      if (d <= max) found.push({ t, d });
    }
    found.sort((x, y) => x.d - y.d || (x.t < y.t ? -1 : 1));
    return found.slice(0, limit).map((f) => f.t);
  }
}
