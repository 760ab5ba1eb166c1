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

/** The meaningful words of a text, stemmed, in order of first appearance, without repeats. */
export function words(text: string | null | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9']+/)) {
    const w = raw.replace(/^'+|'+$/g, "");
    if (w.length < 3 || STOP.has(w) || /^\d+$/.test(w)) continue;
    const s = stem(w);
    if (s.length < 3 || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
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
