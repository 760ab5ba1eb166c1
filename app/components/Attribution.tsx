export interface AttributionLine {
  title: string;
  attribution: string;
  licence: string;
}

/** The attribution lines of the data a page shows (open data licences require them). */
export function Attribution({ lines, extra = [] }: { lines: AttributionLine[]; extra?: string[] }) {
  if (lines.length === 0 && extra.length === 0) return null;
  return (
    <section className="attribution" aria-labelledby="attribution-title">
      <h2 id="attribution-title" className="visually-hidden">
        Data sources on this page
      </h2>
      <p>Information on this page comes from:</p>
      <ul>
        {lines.map((l) => (
          <li key={l.title}>
            <strong>{l.title}</strong>: {l.attribution} ({l.licence})
          </li>
        ))}
        {extra.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      <p>
        <a href="/about#sources">All data sources and licences</a>
      </p>
    </section>
  );
}
