// The steps of the in-site import, with the current one marked.
export function ImportSteps({ current }: { current: 1 | 2 | 3 | 4 }) {
  const steps = ["Upload the file", "Choose which column is which", "Check the preview", "Import"];
  return (
    <ol className="steps">
      {steps.map((s, i) => (
        <li key={s} aria-current={i + 1 === current ? "step" : undefined}>
          {i + 1 === current ? <strong>{s}</strong> : s}
        </li>
      ))}
    </ol>
  );
}
