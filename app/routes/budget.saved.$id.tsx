// A saved budget: the result as saved, with the version it was worked out under (a later version
// never changes it), how each stream's money is held, and the history of every change.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { ResultSummary, ReviewHelp, Working } from "~/components/budget";
import { CsrfField, ErrorSummary } from "~/components/forms";
import { HOLDING_INFO, HOLDING_OPTIONS } from "~/core/budget";
import { requirePageUser } from "~/services/auth.server";
import { budgetHistory, getBudget, latestPublished, reworkBudget, setHolding } from "~/services/budget.server";
import { getContext } from "~/services/context.server";
import { ApiError } from "~/services/errors";
import { readForm, str } from "~/services/forms.server";
import { formAction } from "~/services/page-actions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.budget.name ?? "Saved budget"} — Real Wealth` }];

function load404<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const { db } = await getContext();
  const budget = load404(() => getBudget(db, user, params.id ?? ""));
  const latest = latestPublished(db, budget.questionnaire);
  return { budget, history: budgetHistory(db, budget.id), latest: latest.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request);
  return formAction(async () => {
    const form = await readForm(request);
    const { db } = await getContext();
    const id = params.id ?? "";
    load404(() => getBudget(db, user, id));
    if (str(form, "intent") === "rework") reworkBudget(db, user, id);
    else {
      const holding: Record<string, string> = {};
      for (const [k, v] of form.entries()) if (k.startsWith("holding.") && typeof v === "string" && v) holding[k.slice(8)] = v;
      setHolding(db, user, id, holding);
    }
    return redirect(`/budget/saved/${id}`);
  });
}

export default function SavedBudget() {
  const { budget, history, latest } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors?: Record<string, string> }>()?.errors;
  const r = budget.result;
  return (
    <div>
      <p className="breadcrumb">
        <a href="/budget/saved">Your saved budgets</a>
      </p>
      <h1>{budget.name}</h1>
      <ErrorSummary errors={errors} />
      <p>
        Saved under version <strong>{budget.version_id}</strong>. New versions of the calculator do not change a saved budget.
      </p>
      <ResultSummary result={r} />
      {latest !== budget.version_id ? (
        <Form method="post" className="notice">
          <CsrfField />
          <input type="hidden" name="intent" value="rework" />
          <p>A newer version ({latest}) is published. You can choose to work this budget out again with it, using the same answers. The change is kept in the history.</p>
          <button type="submit" className="secondary">
            {`Work it out again with ${latest}`}
          </button>
        </Form>
      ) : null}
      {r.streams.length ? (
        <Form method="post">
          <CsrfField />
          <h2>How the money is held</h2>
          {r.streams.map((s) => (
            <fieldset key={s.stream} id={`f-holding-${s.stream}`}>
              <legend>{s.label}</legend>
              {HOLDING_OPTIONS.map((h) => (
                <label key={h} className="check">
                  <input type="radio" name={`holding.${s.stream}`} value={h} defaultChecked={budget.holding[s.stream] === h} />
                  {HOLDING_INFO[h].label}: {HOLDING_INFO[h].text}
                </label>
              ))}
            </fieldset>
          ))}
          <button type="submit">Save how the money is held</button>
        </Form>
      ) : null}
      <Working result={r} />
      <ReviewHelp />
      <h2>History</h2>
      <ul>
        {history.map((h, i) => (
          <li key={i}>
            {`${new Date(h.created_at).toLocaleString("en-GB", { timeZone: "Europe/London" })}, ${h.who}: ${h.detail}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
