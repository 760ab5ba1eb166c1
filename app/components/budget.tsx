// The budget calculator's page pieces: the questionnaire form and the result with its working.
// Server-rendered, no JavaScript needed; fieldset/legend for every radio group.
import type { ReactNode } from "react";
import {
  ANSWERS,
  ANSWER_EASY,
  ANSWER_LABELS,
  HOLDING_INFO,
  HOLDING_OPTIONS,
  INFORMAL_LABELS,
  INFORMAL_LEVELS,
  SECTION_LABELS,
  TIER_LABELS,
  formatPence,
  type Estimate,
  type RasConfig,
  type Section,
} from "~/core/budget";

export const fieldId = (name: string) => `f-${name.replace(/\./g, "-")}`;

/** Answers from a query string or form: a.<question> and i.<question>. */
export function bodyFromParams(type: string, params: URLSearchParams | FormData) {
  const answers: Record<string, string> = {};
  const informal: Record<string, string> = {};
  for (const [k, v] of params.entries()) {
    if (typeof v !== "string") continue;
    if (k.startsWith("a.")) answers[k.slice(2)] = v;
    else if (k.startsWith("i.")) informal[k.slice(2)] = v;
  }
  const version = params.get("version");
  return { questionnaire: type, answers, informal_support: informal, ...(typeof version === "string" && version ? { version } : {}) };
}

export function errorLabels(config: RasConfig): Record<string, string> {
  const labels: Record<string, string> = { version: "Version", questionnaire: "Questionnaire" };
  for (const q of config.questions) {
    labels[`answers.${q.id}`] = q.text;
    labels[`informal_support.${q.id}`] = `Family and friends: ${q.text}`;
  }
  return labels;
}

export function QuestionnaireForm({
  config,
  versionId,
  action,
  values,
  errors,
}: {
  config: RasConfig;
  versionId: string;
  action: string;
  values: { answers: Record<string, string>; informal_support: Record<string, string> };
  errors?: Record<string, string> | null;
}) {
  const sections: Section[] = ["outcomes", "family", "carer"];
  return (
    <form method="get" action={action} noValidate>
      <input type="hidden" name="version" value={versionId} />
      {sections.map((section) => {
        const qs = config.questions.filter((q) => q.section === section);
        if (!qs.length) return null;
        return (
          <section key={section} className="q-section" aria-labelledby={`sec-${section}`}>
            <h2 id={`sec-${section}`}>{SECTION_LABELS[section]}</h2>
            {section === "carer" ? (
              <p className="hint">
                These questions are about the carer, not the person they care for. They are asked on their own and nothing
                is taken off for them.
              </p>
            ) : null}
            {qs.map((q) => {
              const err = errors?.[`answers.${q.id}`];
              const ierr = errors?.[`informal_support.${q.id}`];
              const id = fieldId(`answers.${q.id}`);
              return (
                <fieldset key={q.id} className={`question${err || ierr ? " has-error" : ""}`} id={id} aria-describedby={`${id}-hint${err ? ` ${id}-error` : ""}`}>
                  <legend>{q.text}</legend>
                  <span className="hint" id={`${id}-hint`}>
                    In easy words: {q.easy_read}
                  </span>
                  {err ? (
                    <span className="error-message" id={`${id}-error`}>
                      <span className="visually-hidden">Error:</span> Please choose an answer.
                    </span>
                  ) : null}
                  <div className="radios">
                    {ANSWERS.map((a) => (
                      <label key={a} className="check">
                        <input type="radio" name={`a.${q.id}`} value={a} defaultChecked={values.answers[q.id] === a} required />
                        {ANSWER_LABELS[a]}
                      </label>
                    ))}
                  </div>
                  {q.informal_support ? (
                    <fieldset className="subq" id={fieldId(`informal_support.${q.id}`)}>
                      <legend>Do family or friends help with this now?</legend>
                      {ierr ? <span className="error-message">{ierr}</span> : null}
                      {INFORMAL_LEVELS.map((l) => (
                        <label key={l} className="check">
                          <input type="radio" name={`i.${q.id}`} value={l} defaultChecked={(values.informal_support[q.id] ?? "none") === l} />
                          {INFORMAL_LABELS[l]}
                        </label>
                      ))}
                    </fieldset>
                  ) : null}
                </fieldset>
              );
            })}
          </section>
        );
      })}
      <div className="form-actions">
        <button type="submit">Work out my budget</button>
      </div>
    </form>
  );
}

export function money(e: Estimate): string {
  const b = e.indicative_budget;
  return b.per_year_pence === null ? "No number: needs a costed plan and a panel review" : `${formatPence(b.per_year_pence, { whole: true })} a year`;
}

export function ResultSummary({ result, children }: { result: Estimate; children?: ReactNode }) {
  const b = result.indicative_budget;
  return (
    <section className="budget-result" aria-labelledby="result-title">
      <h2 id="result-title">{TIER_LABELS[result.tier]}</h2>
      <p className="money">{money(result)}</p>
      {b.per_week_pence !== null && b.per_year_pence ? <p>That is about {formatPence(b.per_week_pence)} a week (a year counts as 52 weeks).</p> : null}
      <p>
        <strong>This is a starting point for planning, not a promise.</strong> The budget is agreed with you when your plan is
        agreed. Total: {result.points} points, worked out with version {result.ras_version}.
      </p>
      {children}
    </section>
  );
}

export function Working({ result }: { result: Estimate }) {
  return (
    <>
      <h2>How we worked it out</h2>
      <div className="table-scroll">
        <table className="working">
          <caption className="visually-hidden">Every answer with its points</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Answer</th>
              <th scope="col" className="num">Points for the answer</th>
              <th scope="col">Family and friends</th>
              <th scope="col" className="num">Points that count</th>
            </tr>
          </thead>
          <tbody>
            {result.breakdown.map((l) => (
              <tr key={l.question}>
                <th scope="row">{l.text}</th>
                <td>{ANSWER_LABELS[l.answer]}</td>
                <td className="num">{l.answer_points}</td>
                <td>
                  {l.informal_support === null
                    ? "Not asked (carer's own needs)"
                    : l.informal_support === "none"
                      ? "No help counted (100%)"
                      : `${INFORMAL_LABELS[l.informal_support]} (${l.informal_percent}% counted)`}
                </td>
                <td className="num">{l.points}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Total points
              </th>
              <td className="num">{result.points}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <h3>The rule that turns points into money</h3>
      <p>{result.conversion.text}</p>
      <h3>Each adjustment</h3>
      <ul>
        {result.adjustments.map((a, i) => (
          <li key={i}>{a.text}</li>
        ))}
      </ul>
      <h2>Where the money comes from</h2>
      <p>One budget can be made up of several funding streams. Each has its own rules.</p>
      {result.streams.length ? (
        <div className="table-scroll">
          <table className="working">
            <caption className="visually-hidden">Each funding stream's share</caption>
            <thead>
              <tr>
                <th scope="col">Funding stream</th>
                <th scope="col" className="num">Points</th>
                <th scope="col" className="num">Share a year</th>
                <th scope="col">The rules in plain words</th>
              </tr>
            </thead>
            <tbody>
              {result.streams.map((s) => (
                <tr key={s.stream}>
                  <th scope="row">{s.label}</th>
                  <td className="num">{s.points}</td>
                  <td className="num">{s.per_year_pence === null ? "Panel review" : formatPence(s.per_year_pence)}</td>
                  <td>{s.rules}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No funding stream: the answers do not add up to a budget.</p>
      )}
    </>
  );
}

export function HoldingOptions() {
  return (
    <>
      <h2>Ways to hold the money</h2>
      <dl>
        {HOLDING_OPTIONS.map((h) => (
          <div key={h}>
            <dt>
              <strong>{HOLDING_INFO[h].label}</strong>
            </dt>
            <dd>{HOLDING_INFO[h].text}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export function ReviewHelp() {
  return (
    <>
      <h2>How to ask for a review</h2>
      <p>If you think an answer, the points or the result is wrong, you can ask for a review:</p>
      <ol>
        <li>Tell your connector (or social worker) which answer or number you think is wrong, and why.</li>
        <li>Someone who did not work out the first result looks at it again with you, within 28 days.</li>
        <li>You get the answer in writing, with the working shown. If you still disagree, you can complain to the council and then to the Local Government and Social Care Ombudsman.</li>
      </ol>
    </>
  );
}

export function EasyRead({ result, easyText = {} }: { result: Estimate; easyText?: Record<string, string> }) {
  return (
    <div className="easy-read">
      <ul>
        {result.easy_read.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      <h2>Your answers</h2>
      <ul>
        {result.breakdown.map((l) => (
          <li key={l.question}>
            {easyText[l.question] ?? l.text} <strong>{ANSWER_EASY[l.answer]}</strong>. {l.points} points.
          </li>
        ))}
      </ul>
    </div>
  );
}
