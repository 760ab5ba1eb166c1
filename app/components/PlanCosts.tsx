// The costed plan on /plans/:id (issue 5): the budget the plan is measured against (a chooser of
// the person's own saved budgets), the weekly and yearly totals per funding stream with any
// warnings, how much is met by community and universal options, a small cost form per support
// line, a form for paid support that is not a directory listing, and the plan's history.
// Plain HTML forms posting back to the page: keyboard-usable and no JavaScript needed.
import type { ReactNode } from "react";
import { formatDateTime, formatDay } from "~/components/dates";
import { CsrfField, ErrorSummary, Field } from "~/components/forms";
import {
  COST_FIELD_LABELS,
  COST_TYPES,
  COST_TYPE_LABELS,
  QUADRANT_LABELS,
  STREAMS,
  STREAM_INFO,
  SUPPORT_QUADRANTS,
  TIER_LABELS,
  costFormValues,
  describeCost,
  formatHundredths,
  formatPence,
  type CostField,
  type CostForm,
  type ItemCost,
  type PlanCostSummary,
  type SupportQuadrant,
  type Tier,
} from "~/core/budget";

export interface CostedItem {
  id: string;
  asset_id: string | null;
  asset_name: string;
  cost: ItemCost | null;
  default_quadrant: SupportQuadrant;
}

export interface BudgetOption {
  id: string;
  name: string;
  version_id: string;
  tier: Tier;
  per_year_pence: number | null;
  updated_at: string;
}

export interface CostActionData {
  errors?: Record<string, string>;
  form?: string;
  values?: Record<string, string>;
}

/** The field's id: the error summary links to `#f-<key with dots as dashes>`. */
const fid = (key: string) => `f-${key.replace(/\./g, "-")}`;

/** Labels for the error summary: "How it is paid for Swimming lessons". */
export function costErrorLabels(items: CostedItem[]): Record<string, string> {
  const labels: Record<string, string> = { budget_id: "Budget to measure the plan against", item_id: "Support" };
  for (const f of Object.keys(COST_FIELD_LABELS) as CostField[]) {
    labels[`own.${f}`] = `${COST_FIELD_LABELS[f]} (new support)`;
    for (const i of items) labels[`item.${i.id}.${f}`] = `${COST_FIELD_LABELS[f]} for ${i.asset_name}`;
  }
  labels["own.who"] = "Who will help or go (new support)";
  labels["own.when_text"] = "When (new support)";
  return labels;
}

const budgetMoney = (b: { tier: Tier; per_year_pence: number | null }) =>
  b.tier === "panel_review" || b.per_year_pence === null ? "needs a costed plan and a panel review (no number)" : `${formatPence(b.per_year_pence, { whole: true })} a year`;

function CostFields({ prefix, values, errors, showLabel }: { prefix: string; values: CostForm; errors: Record<string, string>; showLabel?: boolean }) {
  const one = (f: CostField, hint: ReactNode, control: (id: string, describedBy: string | undefined, invalid: boolean) => ReactNode) => {
    const key = `${prefix}.${f}`;
    const id = fid(key);
    const error = errors[key];
    const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
    return (
      <Field id={id} label={COST_FIELD_LABELS[f]} hint={hint} error={error}>
        {control(id, describedBy, !!error)}
      </Field>
    );
  };
  return (
    <div className="cost-grid">
      {showLabel
        ? one("label", "For example: Personal assistant, or Swimming lessons", (id, d, bad) => (
            <input type="text" id={id} name="label" maxLength={200} defaultValue={values.label ?? ""} aria-describedby={d} aria-invalid={bad || undefined} />
          ))
        : null}
      {one("cost_type", null, (id, d, bad) => (
        <select id={id} name="cost_type" defaultValue={values.cost_type ?? ""} aria-describedby={d} aria-invalid={bad || undefined}>
          <option value="">Choose how it is paid…</option>
          {COST_TYPES.map((c) => (
            <option key={c} value={c}>
              {COST_TYPE_LABELS[c]}
            </option>
          ))}
        </select>
      ))}
      {one("price", "In pounds, like 12.50. Leave empty when it is free or paid in time credits.", (id, d, bad) => (
        <input type="text" inputMode="decimal" id={id} name="price" defaultValue={values.price ?? ""} aria-describedby={d} aria-invalid={bad || undefined} />
      ))}
      {one("quantity", "Hours, sessions or time credits a week; 1.5 is one and a half. A weekly price counts 1 if empty.", (id, d, bad) => (
        <input type="text" inputMode="decimal" id={id} name="quantity" defaultValue={values.quantity ?? ""} aria-describedby={d} aria-invalid={bad || undefined} />
      ))}
      {one("stream", "Only for paid support", (id, d, bad) => (
        <select id={id} name="stream" defaultValue={values.stream ?? ""} aria-describedby={d} aria-invalid={bad || undefined}>
          <option value="">Not paid (free or time credits)</option>
          {STREAMS.map((s) => (
            <option key={s} value={s}>
              {STREAM_INFO[s].label}
            </option>
          ))}
        </select>
      ))}
      {one("quadrant", null, (id, d, bad) => (
        <select id={id} name="quadrant" defaultValue={values.quadrant ?? ""} aria-describedby={d} aria-invalid={bad || undefined}>
          {SUPPORT_QUADRANTS.map((q) => (
            <option key={q} value={q}>
              {QUADRANT_LABELS[q]}
            </option>
          ))}
        </select>
      ))}
    </div>
  );
}

function Totals({ s }: { s: PlanCostSummary }) {
  return (
    <div className="budget-result costs-totals">
      <h3>Totals</h3>
      {s.standing.map((t, i) => (
        <p key={i}>{t}</p>
      ))}
      {s.warnings.map((w, i) => (
        <p key={i} className="warning">
          <strong>Over budget:</strong> {w}
        </p>
      ))}
      <p>{s.share}</p>
      {s.time_credits_per_week_hundredths ? <p>{`Time credits: ${formatHundredths(s.time_credits_per_week_hundredths)} a week.`}</p> : null}
      {s.not_costed.length ? (
        <p>
          {`${s.not_costed.length} ${s.not_costed.length === 1 ? "support has" : "supports have"} no cost yet: ${s.not_costed.map((n) => n.label).join(", ")}. `}
          Set a cost below, or mark them free.
        </p>
      ) : null}
      {s.lines.length ? (
        <div className="table-scroll">
          <table className="working">
            <caption>The cost of each support</caption>
            <thead>
              <tr>
                <th scope="col">Support</th>
                <th scope="col">How it is paid</th>
                <th scope="col">Kind of support</th>
                <th scope="col" className="num">
                  A week
                </th>
                <th scope="col" className="num">
                  A year
                </th>
              </tr>
            </thead>
            <tbody>
              {s.lines.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.label}</th>
                  <td>{describeCost(l)}</td>
                  <td>{QUADRANT_LABELS[l.quadrant].split(" (")[0]}</td>
                  <td className="num">{formatPence(l.weekly_pence)}</td>
                  <td className="num">{formatPence(l.yearly_pence)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total paid support
                </th>
                <td className="num">{formatPence(s.weekly_pence)}</td>
                <td className="num">{formatPence(s.yearly_pence)}</td>
              </tr>
              {s.budget_yearly_pence !== null ? (
                <tr>
                  <th scope="row" colSpan={3}>
                    Indicative budget
                  </th>
                  <td className="num">{formatPence(s.budget?.per_week_pence ?? Math.round(s.budget_yearly_pence / 52))}</td>
                  <td className="num">{formatPence(s.budget_yearly_pence)}</td>
                </tr>
              ) : null}
            </tfoot>
          </table>
        </div>
      ) : null}
      {s.streams.length ? (
        <div className="table-scroll">
          <table className="working">
            <caption>Each funding stream</caption>
            <thead>
              <tr>
                <th scope="col">Funding stream</th>
                <th scope="col" className="num">
                  Planned a year
                </th>
                <th scope="col" className="num">
                  The budget's share a year
                </th>
                <th scope="col">Over?</th>
              </tr>
            </thead>
            <tbody>
              {s.streams.map((st) => (
                <tr key={st.stream}>
                  <th scope="row">{st.label}</th>
                  <td className="num">{formatPence(st.yearly_pence)}</td>
                  <td className="num">{st.budget_pence === null ? (s.panel_review ? "Panel review" : "No budget chosen") : formatPence(st.budget_pence)}</td>
                  <td>{st.over ? `Over by ${formatPence(st.yearly_pence - st.budget_pence!)}` : "No"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {s.quadrants.length ? (
        <div className="table-scroll">
          <table className="working">
            <caption>Community and universal options, and paid support</caption>
            <thead>
              <tr>
                <th scope="col">Kind of support</th>
                <th scope="col" className="num">
                  Supports
                </th>
                <th scope="col" className="num">
                  Free or time credits
                </th>
                <th scope="col" className="num">
                  Paid a week
                </th>
              </tr>
            </thead>
            <tbody>
              {s.quadrants.map((q) => (
                <tr key={q.quadrant}>
                  <th scope="row">{q.label}</th>
                  <td className="num">{q.lines}</td>
                  <td className="num">{q.free_lines}</td>
                  <td className="num">{formatPence(q.weekly_pence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

export function PlanCostsSection({
  summary,
  items,
  budgets,
  budgetLink,
  viewer,
  personName,
  outcomes,
  data,
}: {
  summary: PlanCostSummary;
  items: CostedItem[];
  budgets: BudgetOption[];
  budgetLink: string | null;
  /** Who is looking: the person, a connector who works with them, or an admin. */
  viewer: "person" | "connector" | "admin";
  personName: string;
  outcomes: { id: string; statement: string }[];
  data: CostActionData | undefined;
}) {
  const mineForm = !!data?.form && (data.form === "own" || data.form === "budget" || data.form.startsWith("cost:"));
  const errors = mineForm ? data?.errors ?? {} : {};
  const b = summary.budget;
  const ownValues: CostForm & Record<string, string> = data?.form === "own" ? data.values ?? {} : { quadrant: "individual" };
  return (
    <section id="costs" aria-labelledby="costs-title">
      <h2 id="costs-title">Costs and budget</h2>
      {mineForm ? <ErrorSummary errors={errors} labels={costErrorLabels(items)} /> : null}
      <p>
        Give each support in the plan a cost, or mark it free or paid in time credits, to see what the plan costs a week and a year against{" "}
        {personName}'s indicative budget. Community and everyday options often cost nothing.
      </p>

      <h3 id="budget-title">The budget</h3>
      {b ? (
        <p>
          The plan is measured against “{b.name}”: <strong>{budgetMoney(b)}</strong> ({TIER_LABELS[b.tier].toLowerCase()}, worked out with version {b.ras_version}). It is a
          starting point for planning, not a promise.{" "}
          {budgetLink ? <a href={budgetLink}>See how “{b.name}” was worked out</a> : null}
        </p>
      ) : (
        <p>No budget is chosen for this plan yet.</p>
      )}
      {budgets.length ? (
        <form method="post" action="#costs" className="no-print">
          <CsrfField />
          <input type="hidden" name="intent" value="choose_budget" />
          <Field id="f-budget_id" label="Measure the plan against" hint={`${personName}'s saved budgets, including any a connector saved for them`} error={errors.budget_id}>
            <select
              id="f-budget_id"
              name="budget_id"
              defaultValue={data?.form === "budget" ? data.values?.budget_id ?? "" : b?.id ?? ""}
              aria-describedby={`f-budget_id-hint${errors.budget_id ? " f-budget_id-error" : ""}`}
              aria-invalid={errors.budget_id ? true : undefined}
            >
              <option value="">No budget</option>
              {budgets.map((o) => (
                <option key={o.id} value={o.id}>
                  {`${o.name}: ${budgetMoney(o)} (${o.version_id}, saved ${formatDay(o.updated_at)})`}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button button-secondary">
            Use this budget
          </button>
        </form>
      ) : (
        <p className="no-print">
          {viewer === "person" ? (
            <>
              You have no saved budget yet. <a href="/budget">Work one out with the budget calculator</a>, save it, and choose it here.
            </>
          ) : viewer === "connector" ? (
            <>
              {personName} has no saved budget yet. <a href="/budget">Work one out with them in the budget calculator</a> and save it for{" "}
              {personName} (choose them under “Who is this budget for?”); it can then be chosen here.
            </>
          ) : (
            `${personName} has no saved budget yet. They, or a connector who works with them, can work one out with the budget calculator (/budget) and save it for them; it can then be chosen here.`
          )}
        </p>
      )}

      <Totals s={summary} />

      {items.length ? (
        <>
          <h3 className="no-print">Set the cost of each support</h3>
          {items.map((i) => {
            const mine = data?.form === `cost:${i.id}`;
            const values = mine ? data?.values ?? {} : costFormValues(i.cost, i.default_quadrant);
            return (
              <details key={i.id} id={`cost-${i.id}`} className="cost-item no-print" open={mine || undefined}>
                <summary>
                  Cost of {i.asset_name}: {i.cost ? describeCost(i.cost) : "not set yet"}
                </summary>
                <form method="post" action="#costs">
                  <CsrfField />
                  <input type="hidden" name="intent" value="set_cost" />
                  <input type="hidden" name="item_id" value={i.id} />
                  <CostFields prefix={`item.${i.id}`} values={values} errors={mine ? errors : {}} />
                  <button type="submit" className="button">
                    Save the cost<span className="visually-hidden"> of {i.asset_name}</span>
                  </button>
                </form>
              </details>
            );
          })}
        </>
      ) : null}

      <details className="no-print cost-item" id="own-support" open={data?.form === "own" || undefined}>
        <summary>Add paid support that is not in the directory (for example a personal assistant)</summary>
        <form method="post" action="#costs">
          <CsrfField />
          <input type="hidden" name="intent" value="add_own_item" />
          <CostFields prefix="own" values={ownValues} errors={data?.form === "own" ? errors : {}} showLabel />
          <div className="cost-grid">
            <Field id="f-own-outcome_id" label="Which outcome is it for? (optional)">
              <select id="f-own-outcome_id" name="outcome_id" defaultValue={ownValues.outcome_id ?? ""}>
                <option value="">Not one outcome</option>
                {outcomes.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.statement}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="f-own-who" label="Who will help or go (optional)" error={errors["own.who"]}>
              <input type="text" id="f-own-who" name="who" maxLength={200} defaultValue={ownValues.who ?? ""} />
            </Field>
            <Field id="f-own-when_text" label="When (optional)" error={errors["own.when_text"]}>
              <input type="text" id="f-own-when_text" name="when_text" maxLength={200} defaultValue={ownValues.when_text ?? ""} />
            </Field>
          </div>
          <button type="submit" className="button">
            Add this support to the plan
          </button>
        </form>
      </details>
    </section>
  );
}

export function PlanHistory({ history }: { history: { action: string; detail: string; created_at: string; who: string }[] }) {
  return (
    <section id="history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {history.length ? (
        <>
          <p>Every change to this plan: when, who made it, and what changed. Newest first.</p>
          <ol className="plan-history" reversed>
            {history.map((h, i) => (
              <li key={i}>
                <time dateTime={h.created_at}>{formatDateTime(h.created_at)}</time>, {h.who}: {h.detail}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>No changes recorded yet.</p>
      )}
    </section>
  );
}
