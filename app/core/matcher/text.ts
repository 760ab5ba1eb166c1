// Words for matching: lower case, stop words out, a light stem, prefix matching. No I/O.

const STOP = new Set(
  "the and for with from that this have has had are was were will would can could should our your you they them their his her him she who what when where which while into onto out about over under more most some any all not but just also very get got getting going want wants need needs like likes able keep keeping make making help helping time times day days week weeks bit lot lots really still back again than then there here other others each every being been its it's i'm we're mum's dad's".split(
    " ",
  ),
);

/** A light stem: plural and common endings off, so "musicals" ~ "musical" ~ "music". */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.length > 5 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  return w;
}

const WORDS_CACHE = new Map<string, string[]>();

/** The meaningful words of a text, stemmed, in order of first appearance, without repeats. */
export function words(text: string | null | undefined): string[] {
  if (!text) return [];
  if (text.length <= 200) {
    const hit = WORDS_CACHE.get(text);
    if (hit) return hit;
    const w = splitWords(text);
    if (WORDS_CACHE.size > 5000) WORDS_CACHE.clear();
    WORDS_CACHE.set(text, w);
    return w;
  }
  return splitWords(text);
}

function splitWords(text: string): string[] {
  // A hand-written scan (this runs for every candidate of every match; a regex split is slower).
  const out: string[] = [];
  const seen = new Set<string>();
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    while (i < n && !isWordChar(c)) c = lower.charCodeAt(++i);
    const start = i;
    while (i < n && (isWordChar(c) || c === 39)) c = lower.charCodeAt(++i);
    let w = lower.slice(start, i);
    if (w.charCodeAt(w.length - 1) === 39) w = w.replace(/'+$/, "");
    if (w.length < 3 || STOP.has(w) || isDigits(w)) continue;
    const s = stem(w);
    if (s.length < 3 || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function isDigits(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Two stems match when equal, or when one starts with the other and the shorter has 4+ letters. */
export function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

/** The first word of `bag` that matches `word`, if any. */
export function findMatch(word: string, bag: readonly string[]): string | undefined {
  for (const b of bag) if (stemsMatch(word, b)) return b;
  return undefined;
}

/**
 * Does a lower-case text contain a word that matches this stem? The stem's start (all of it up
 * to 4 letters; for longer stems all but the last two letters, so "musical" finds "music" and
 * "gardening" finds "garden") must begin a word. Cheaper than splitting every candidate's text.
 */
export function textHas(text: string, stemmed: string): boolean {
  const needle = stemmed.length >= 6 ? stemmed.slice(0, stemmed.length - 2) : stemmed;
  let from = 0;
  for (;;) {
    const i = text.indexOf(needle, from);
    if (i < 0) return false;
    const before = i === 0 ? 32 : text.charCodeAt(i - 1);
    const startsWord = !((before >= 97 && before <= 122) || (before >= 48 && before <= 57));
    if (startsWord) {
      if (needle.length >= 4) return true;
      // Short words must be whole words ("art" is not "party" nor "artist").
      const after = text.charCodeAt(i + needle.length);
      if (Number.isNaN(after) || !((after >= 97 && after <= 122) || (after >= 48 && after <= 57)) || text.startsWith(`${needle}s`, i)) return true;
    }
    from = i + 1;
  }
}
