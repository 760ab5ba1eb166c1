// Admin: one version. A draft can be edited (points per answer and question, the stream of each
// question, informal-support percentages, threshold, early help, panel level, price per point or
// band table) and published; a published version is shown read-only.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { fieldId } from "~/components/budget";
import { CsrfField, ErrorSummary } from "~/components/forms";
import { ANSWERS, ANSWER_LABELS, MAX_BANDS, STREAMS, STREAM_INFO, conversionText, formatPence } from "~/core/budget";
import { requirePageUser } from "~/server/auth.server";
import { createDraft, getVersion, publishDraft, updateDraft, versionHistory } from "~/features/budget/budget-versions.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.version.id ?? "Version"} — Budget calculator — Admin — Real Wealth` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePageUser(request, "budget:configure");
  const { db } = await getContext();
  const version = await getVersion(db, params.id ?? "");
  if (!version) throw new Response("There is no such version.", { status: 404 });
  return { version, history: await versionHistory(db, version.id), conversion: conversionText(version.config), saved: new URL(request.url).searchParams.get("saved") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "budget:configure");
  const form = await readForm(request).catch((e) => e);
  const values: Record<string, string> = {};
  if (form instanceof FormData) for (const [k, v] of form.entries()) if (typeof v === "string") values[k] = v;
  return formAction(async () => {
    if (!(form instanceof FormData)) throw form;
    const { db } = await getContext();
    const id = params.id ?? "";
    const intent = str(form, "intent");
    if (intent === "publish") {
      await publishDraft(db, user, id);
      return redirect(`/admin/budget/${id}?saved=published`);
    }
    if (intent === "copy") {
      const v = await createDraft(db, user, id);
      return redirect(`/admin/budget/${v.id}`);
    }
    const { csrf: _c, intent: _i, ...fields } = values;
    await updateDraft(db, user, id, fields);
    return redirect(`/admin/budget/${id}?saved=draft`);
  }, values);
}

function Num({ name, label, value, error, pounds }: { name: string; label: string; value: string; error?: string; pounds?: boolean }) {
  const id = fieldId(name);
  return (
    <div className={`field narrow${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {error ? (
        <span className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <input id={id} name={name} type="text" inputMode={pounds ? "decimal" : "numeric"} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    </div>
  );
}

const pounds = (p: number) => formatPence(p).replace(/^£/, "").replace(/,/g, "").replace(/\.00$/, "");

export default function AdminBudgetVersion() {
  const { version, history, conversion, saved } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  const errors = data?.errors;
  const vals = data?.values ?? {};
  const c = version.config;
  const draft = version.status === "draft";
  const v = (name: string, fallback: string | number) => vals[name] ?? String(fallback);
  const bands = c.conversion.method === "bands" ? c.conversion.bands : [];
  return (
    <div>
      <p className="breadcrumb">
        <a href="/admin/budget">Budget calculator versions</a>
      </p>
      <h1>
        {version.id}: {draft ? "draft" : "published"}
      </h1>
      {saved === "draft" ? <p className="notice" role="status">The draft is saved.</p> : null}
      {saved === "published" ? <p className="notice" role="status">{version.id} is published. New estimates use it.</p> : null}
      <p>
        {c.title}. {version.based_on ? `A copy of ${version.based_on}. ` : ""}
        {draft ? "This draft is not used until it is published. Once published it can never be changed." : `Published ${version.published_at?.slice(0, 10)}. Published versions never change.`}
      </p>
      <ErrorSummary errors={errors} labels={adminLabels(c)} />
      {draft ? (
        <Form method="post" noValidate>
          <CsrfField />
          <h2>Points for each answer</h2>
          {c.questions.map((q) => (
            <fieldset key={q.id} className="question">
              <legend>{q.text}</legend>
              <div className="admin-grid">
                {ANSWERS.map((a) => (
                  <Num key={a} name={`points.${q.id}.${a}`} label={ANSWER_LABELS[a].replace(/ \(.*\)$/, "")} value={v(`points.${q.id}.${a}`, q.points[a])} error={errors?.[`points.${q.id}.${a}`]} />
                ))}
                <div className="field">
                  <label htmlFor={fieldId(`stream.${q.id}`)}>Funding stream</label>
                  <select id={fieldId(`stream.${q.id}`)} name={`stream.${q.id}`} defaultValue={v(`stream.${q.id}`, q.stream)}>
                    {STREAMS.map((s) => (
                      <option key={s} value={s}>
                        {STREAM_INFO[s].label}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            </fieldset>
          ))}
          <h2>Rules</h2>
          <div className="admin-grid">
            <Num name="informal_percent.some" label="Percent counted when family help with some (0–100)" value={v("informal_percent.some", c.informal_percent.some)} error={errors?.["informal_percent.some"]} />
            <Num name="informal_percent.most" label="Percent counted when family help with most (0–100)" value={v("informal_percent.most", c.informal_percent.most)} error={errors?.["informal_percent.most"]} />
            <Num name="threshold_points" label="Threshold: below this many points, no budget" value={v("threshold_points", c.threshold_points)} error={errors?.threshold_points} />
            <Num name="early_help.max_points" label="Early help up to (not including) this many points" value={v("early_help.max_points", c.early_help.max_points)} error={errors?.["early_help.max_points"]} />
            <Num name="early_help.per_year" label="Early help amount a year (£)" pounds value={v("early_help.per_year", pounds(c.early_help.per_year_pence))} error={errors?.["early_help.per_year"]} />
            <Num name="panel_points" label="Panel review from this many points" value={v("panel_points", c.panel_points)} error={errors?.panel_points} />
          </div>
          <fieldset id="f-conversion_method">
            <legend>How points turn into money</legend>
            <label className="check">
              <input type="radio" name="conversion_method" value="price_per_point" defaultChecked={v("conversion_method", c.conversion.method) === "price_per_point"} />
              A price per point
            </label>
            <label className="check">
              <input type="radio" name="conversion_method" value="bands" defaultChecked={v("conversion_method", c.conversion.method) === "bands"} />A band table
            </label>
          </fieldset>
          <Num name="pence_per_point" label="Price per point a year (£), when using a price per point" pounds value={v("pence_per_point", c.conversion.method === "price_per_point" ? pounds(c.conversion.pence_per_point) : "0")} error={errors?.pence_per_point} />
          <h3>Band table (when using bands; leave a row empty to drop it)</h3>
          {Array.from({ length: Math.min(MAX_BANDS, bands.length + 3) }, (_, i) => (
            <div className="admin-grid" key={i} role="group" aria-label={`Band ${i + 1}`}>
              <Num name={`band.${i}.min_points`} label={`Band ${i + 1}: from points`} value={v(`band.${i}.min_points`, bands[i]?.min_points ?? "")} error={errors?.[`band.${i}.min_points`]} />
              <Num name={`band.${i}.per_year`} label={`Band ${i + 1}: a year (£)`} pounds value={v(`band.${i}.per_year`, bands[i] ? pounds(bands[i].per_year_pence) : "")} error={errors?.[`band.${i}.per_year`]} />
            </div>
          ))}
          <div className="form-actions">
            <button type="submit" name="intent" value="save">
              Save the draft
            </button>
          </div>
        </Form>
      ) : (
        <>
          <h2>Points for each answer</h2>
          <div className="table-scroll">
            <table className="working">
              <caption className="visually-hidden">Points per question and answer</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  {ANSWERS.map((a) => (
                    <th key={a} scope="col" className="num">
                      {ANSWER_LABELS[a].replace(/ \(.*\)$/, "")}
                    </th>
                  ))}
                  <th scope="col">Funding stream</th>
                </tr>
              </thead>
              <tbody>
                {c.questions.map((q) => (
                  <tr key={q.id}>
                    <th scope="row">{q.text}</th>
                    {ANSWERS.map((a) => (
                      <td key={a} className="num">
                        {q.points[a]}
                      </td>
                    ))}
                    <td>{STREAM_INFO[q.stream].label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Rules</h2>
          <ul>
            <li>
              Family and friends help with some: {c.informal_percent.some}% of the points count; with most: {c.informal_percent.most}%.
            </li>
            <li>Under {c.threshold_points} points: no budget, community and universal options first.</li>
            <li>
              From {c.threshold_points} to {c.early_help.max_points - 1} points: early help of {formatPence(c.early_help.per_year_pence)} a year.
            </li>
            <li>{c.panel_points} points or more: a costed plan and a panel review.</li>
            <li>{conversion}</li>
          </ul>
        </>
      )}
      <Form method="post">
        <CsrfField />
        {draft ? (
          <>
            <h2>Publish</h2>
            <p>Publishing makes this the version used for new estimates. It cannot be changed afterwards. Save any edits first.</p>
            <button type="submit" name="intent" value="publish">
              Publish {version.id}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="copy">
            Make a new draft as a copy of {version.id}
          </button>
        )}
      </Form>
      <h2>History</h2>
      <ul>
        {history.map((h, i) => (
          <li key={i}>
            {`${h.created_at.slice(0, 16).replace("T", " ")}, ${h.who}: ${h.detail}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

function adminLabels(c: { questions: { id: string; text: string }[] }): Record<string, string> {
  const l: Record<string, string> = {
    "informal_percent.some": "Percent counted when family help with some",
    "informal_percent.most": "Percent counted when family help with most",
    "informal_percent.none": "Percent counted when family do not help",
    threshold_points: "Threshold",
    "early_help.max_points": "Top of early help",
    "early_help.per_year": "Early help amount",
    panel_points: "Panel review level",
    pence_per_point: "Price per point",
    conversion_method: "How points turn into money",
    bands: "Band table",
  };
  for (let i = 0; i < MAX_BANDS; i++) {
    l[`band.${i}.min_points`] = `Band ${i + 1}: from points`;
    l[`band.${i}.per_year`] = `Band ${i + 1}: a year`;
  }
  for (const q of c.questions) {
    for (const a of ANSWERS) l[`points.${q.id}.${a}`] = `${q.text} — points for “${ANSWER_LABELS[a].replace(/ \(.*\)$/, "")}”`;
    l[`stream.${q.id}`] = `${q.text} — funding stream`;
  }
  return l;
}
