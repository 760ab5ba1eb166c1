// The result: every answer with its points, the conversion rule and version, each adjustment, the
// streams, how to hold the money and how to ask for a review. `?view=easy` is the easy-read
// version, `?view=print` a one-page summary. Public; a signed-in person can save it (POST). A
// connector can save it for a person they work with (`for_person`, a select of those people by
// the names of their profiles; "" is for yourself): the budget is then that person's.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { EasyRead, HoldingOptions, QuestionnaireForm, ResultSummary, ReviewHelp, Working, bodyFromParams, errorLabels, money } from "~/components/budget";
import { CsrfField, ErrorSummary, Field, TextField } from "~/components/forms";
import { ANSWER_LABELS, formatPence } from "~/core/budget";
import { peopleWorkedWith } from "~/features/profiles/people-worked-with.server";
import { currentUser, requirePageUser } from "~/server/auth.server";
import { isQuestionnaireType, latestPublished } from "~/features/budget/budget-versions.server";
import { saveBudget } from "~/features/budget/budgets.server";
import { estimateFromBody } from "~/features/budget/estimates.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "result" in data && data.result ? "Your indicative budget" : "Please check your answers"} — Budget calculator — Real Wealth` },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const type = params.type;
  if (!isQuestionnaireType(type)) throw new Response("There is no such questionnaire. Choose adult or child.", { status: 404 });
  const { db } = await getContext();
  const url = new URL(request.url);
  const body = bodyFromParams(type, url.searchParams);
  const view = url.searchParams.get("view");
  const user = await currentUser(request);
  // The people a connector works with, for "Who is this budget for?" (none for members, admins).
  const people = (await peopleWorkedWith(db, user)).map((p) => ({ id: p.id, name: p.name }));
  try {
    const { version, result } = await estimateFromBody(db, body);
    const easyText = Object.fromEntries(version.config.questions.map((q) => [q.id, q.easy_read]));
    return json({ type, result, easyText, errors: null, view: view === "easy" || view === "print" ? view : "full", query: url.search, signedIn: !!user, people, config: null, versionId: version.id, values: body });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    const v = await latestPublished(db, type);
    return json(
      { type, result: null, easyText: {}, errors: e.fields ?? { _: e.message }, view: "full", query: url.search, signedIn: !!user, people, config: v.config, versionId: v.id, values: body },
      { status: 400 },
    );
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request);
  // What was typed, kept on the page when something needs fixing.
  const values = { name: "", for_person: "" };
  return formAction(async () => {
    const form = await readForm(request);
    values.name = str(form, "name");
    values.for_person = str(form, "for_person");
    const type = params.type ?? "";
    const { db } = await getContext();
    const saved = await saveBudget(db, user, bodyFromParams(type, form), values.name, { forPerson: values.for_person });
    return redirect(`/budget/saved/${saved.id}`);
  }, values);
}

const SAVE_LABELS = { name: "A name for this budget", for_person: "Who is this budget for?" };

function withView(query: string, view: string | null): string {
  const q = new URLSearchParams(query);
  q.delete("view");
  if (view) q.set("view", view);
  return `?${q.toString()}`;
}

export default function BudgetResult() {
  const d = useLoaderData<typeof loader>();
  const saved = useActionData<{ errors?: Record<string, string>; values?: { name?: string; for_person?: string } }>();
  const saveErrors = saved?.errors;
  if (!d.result) {
    return (
      <div>
        <p className="breadcrumb">
          <a href="/budget">Budget calculator</a>
        </p>
        <h1>Please check your answers</h1>
        <ErrorSummary errors={d.errors} labels={errorLabels(d.config!)} />
        <QuestionnaireForm config={d.config!} versionId={d.versionId} action={`/budget/${d.type}/result`} values={{ answers: d.values.answers, informal_support: d.values.informal_support }} errors={d.errors} />
      </div>
    );
  }
  const r = d.result;
  const change = `/budget/${d.type}${withView(d.query, null)}`;
  if (d.view === "easy") {
    return (
      <div>
        <h1>Your budget: easy read</h1>
        <EasyRead result={r} easyText={d.easyText} />
        <p className="no-print">
          <a href={withView(d.query, null)}>See the full result with all the working</a>
        </p>
      </div>
    );
  }
  if (d.view === "print") {
    return (
      <div className="print-summary">
        <h1>Indicative budget: one-page summary</h1>
        <p>
          <strong>{money(r)}</strong>
          {r.indicative_budget.per_week_pence ? ` (about ${formatPence(r.indicative_budget.per_week_pence)} a week)` : ""}. {r.points} points, version{" "}
          {r.ras_version}. A starting point for planning, not a promise.
        </p>
        <table className="working">
          <caption className="visually-hidden">Answers and points</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Answer</th>
              <th scope="col" className="num">Points</th>
            </tr>
          </thead>
          <tbody>
            {r.breakdown.map((l) => (
              <tr key={l.question}>
                <th scope="row">{l.outcome.replace(/_/g, " ")}</th>
                <td>
                  {ANSWER_LABELS[l.answer]}
                  {l.informal_support && l.informal_support !== "none" ? ` (family and friends help: ${l.informal_percent}% counted)` : ""}
                </td>
                <td className="num">{l.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{r.conversion.text}</p>
        <ul>
          {r.streams.map((s) => (
            <li key={s.stream}>
              {s.label}: {s.per_year_pence === null ? "panel review" : `${formatPence(s.per_year_pence)} a year`}
            </li>
          ))}
        </ul>
        <p>To ask for a review, tell your connector which answer or number you think is wrong and why. Someone else will look again within 28 days.</p>
        <p className="no-print">
          <a href={withView(d.query, null)}>Back to the full result</a>. Use your browser's Print command to print this page.
        </p>
      </div>
    );
  }
  return (
    <div>
      <p className="breadcrumb">
        <a href="/budget">Budget calculator</a>
      </p>
      <h1>Your indicative budget</h1>
      <ResultSummary result={r}>
        <ul className="no-print">
          <li>
            <a href={withView(d.query, "easy")}>Easy read version</a>
          </li>
          <li>
            <a href={withView(d.query, "print")}>Printable one-page summary</a>
          </li>
          <li>
            <a href={change}>Change your answers</a>
          </li>
        </ul>
      </ResultSummary>
      {r.tier === "community_and_universal" || r.tier === "early_help" ? (
        <p className="notice">
          <a href="/">Find community groups and services for everyone near you</a>. A connector can help you find them too.
        </p>
      ) : null}
      <Working result={r} />
      <HoldingOptions />
      <ReviewHelp />
      <section className="no-print" aria-labelledby="save-title">
        <h2 id="save-title">Save this budget</h2>
        {d.signedIn ? (
          <Form method="post" noValidate>
            <ErrorSummary errors={saveErrors} labels={SAVE_LABELS} />
            <CsrfField />
            {Object.entries(d.values.answers).map(([k, v]) => (
              <input key={`a.${k}`} type="hidden" name={`a.${k}`} value={v} />
            ))}
            {Object.entries(d.values.informal_support).map(([k, v]) => (
              <input key={`i.${k}`} type="hidden" name={`i.${k}`} value={v} />
            ))}
            <input type="hidden" name="version" value={r.ras_version} />
            {d.people.length || saveErrors?.for_person ? (
              <Field
                id="f-for_person"
                label="Who is this budget for?"
                hint="If you worked it out with someone you work with, save it for them: it becomes theirs, and they, you and their other connectors can see it and choose it for their plan."
                error={saveErrors?.for_person}
              >
                <select
                  id="f-for_person"
                  name="for_person"
                  defaultValue={saved?.values?.for_person ?? ""}
                  aria-describedby={`f-for_person-hint${saveErrors?.for_person ? " f-for_person-error" : ""}`}
                  aria-invalid={saveErrors?.for_person ? true : undefined}
                >
                  <option value="">For yourself</option>
                  {d.people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {`For ${p.name}`}
                    </option>
                  ))}
                </select>
              </Field>
            ) : null}
            <TextField name="name" label="A name for this budget (optional)" hint="For example: Sam's short breaks" maxLength={120} defaultValue={saved?.values?.name} error={saveErrors?.name} />
            <button type="submit">Save this budget</button>
          </Form>
        ) : (
          <p>
            <a href={`/signin?next=${encodeURIComponent(`/budget/${d.type}/result${d.query}`)}`}>Sign in</a> to save this budget with your plan.
          </p>
        )}
      </section>
      <p className="hint">Version {r.ras_version}. {r.explanation[0]}</p>
    </div>
  );
}
