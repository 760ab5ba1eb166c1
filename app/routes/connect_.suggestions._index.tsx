// /connect/suggestions: the moderation queue (connectors and admins). Pending suggestions from
// the public, oldest first, with counts; approve a correction as it is, open one to edit it
// first (or to complete a suggested new listing), or reject with a reason. Recent decisions
// are listed with who made them, when and why.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { PRIVATE } from "~/server/http.server";
import { formAction } from "~/server/page-actions.server";
import { approveCorrection, rejectSuggestion } from "~/features/suggestions/decisions.server";
import { pendingSuggestions, recentDecisions, suggestionCounts, type QueueItem } from "~/features/suggestions/queue.server";
import { CsrfField, ErrorSummary } from "~/components/forms";
import { formatDateTime } from "~/components/dates";

export const meta: MetaFunction = () => [{ title: "Suggestions to check — Real Wealth" }];
// Suggestions show who sent them (emails).
export const headers: HeadersFunction = () => PRIVATE;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePageUser(request, "suggestion:moderate");
  const { db } = await getContext();
  return json({ counts: await suggestionCounts(db), pending: await pendingSuggestions(db), recent: await recentDecisions(db) }, { headers: PRIVATE });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "suggestion:moderate");
  const values: Record<string, string> = {};
  return formAction(async () => {
    const form = await readForm(request);
    const id = str(form, "id");
    values.id = id;
    values.reason = str(form, "reason");
    const ctx = await getContext();
    const intent = str(form, "intent");
    if (intent === "approve") {
      const d = await approveCorrection(ctx, user, id);
      return redirect(`/connect/suggestions?done=approved&asset=${encodeURIComponent(d.asset_id ?? "")}`);
    }
    if (intent === "reject") {
      await rejectSuggestion(ctx, user, id, str(form, "reason"));
      return redirect("/connect/suggestions?done=rejected");
    }
    return json({ errors: { _: "Choose approve or reject." }, values }, { status: 400 });
  }, values);
}

function Suggested({ item }: { item: QueueItem }) {
  if (item.asset_id) {
    if (!item.changes.length) return <p>No fields to change. Approving marks it as dealt with.</p>;
    return (
      <table className="hours-table">
        <caption className="visually-hidden">Suggested changes to {item.asset_name}</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Now</th>
            <th scope="col">Suggested</th>
          </tr>
        </thead>
        <tbody>
          {item.changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td>{c.current ?? "Not known"}</td>
              <td>{c.suggested}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <dl className="facts">
      <dt>Postcode</dt>
      <dd>{item.payload.postcode ?? "Not given"}</dd>
      <dt>When</dt>
      <dd>{item.payload.when ?? "Not given"}</dd>
    </dl>
  );
}

export default function SuggestionQueue() {
  const { counts, pending, recent } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const doneAsset = params.get("asset");
  const failedId = data?.values?.id;
  return (
    <div>
      <p className="breadcrumb">
        <a href="/connect">Connector dashboard</a>
      </p>
      <h1>Suggestions to check</h1>
      {done ? (
        <div className="notice" role="status">
          {done === "approved" ? (
            <p>
              Approved.{" "}
              {doneAsset ? (
                <>
                  The listing is up to date: <a href={`/assets/${doneAsset}`}>see it as the public does</a>.
                </>
              ) : null}
            </p>
          ) : (
            <p>Rejected. The reason is kept with the suggestion.</p>
          )}
        </div>
      ) : null}
      {data?.errors && !failedId ? <ErrorSummary errors={data.errors} /> : null}
      <p>
        <strong>{counts.pending}</strong> waiting: {counts.pending_new} new {counts.pending_new === 1 ? "listing" : "listings"} and{" "}
        {counts.pending_corrections} {counts.pending_corrections === 1 ? "correction" : "corrections"}. So far {counts.approved} approved and{" "}
        {counts.rejected} rejected.
      </p>
      <p>Nothing from the public appears in the directory until a connector approves it. Oldest first.</p>

      <h2>Waiting for a decision</h2>
      {pending.length === 0 ? (
        <p>There is nothing to check right now.</p>
      ) : (
        <ol className="result-list">
          {pending.map((item) => {
            const title = item.asset_id ? item.asset_name ?? "a listing" : item.payload.name ?? "a new listing";
            const errors = failedId === item.id ? data?.errors : undefined;
            return (
              <li key={item.id} className="result" id={`s-${item.id}`}>
                <h3>
                  {item.asset_id ? (
                    <>
                      Change to <a href={`/assets/${item.asset_id}`}>{item.asset_name}</a>
                    </>
                  ) : (
                    <>New listing: {item.payload.name}</>
                  )}
                </h3>
                <p className="result-meta">
                  Sent {formatDateTime(item.created_at)}
                  {item.contact_email ? (
                    <>
                      {" "}
                      · contact: <a href={`mailto:${item.contact_email}`}>{item.contact_email}</a>
                    </>
                  ) : (
                    " · no contact details"
                  )}
                </p>
                <p className="pre-line">
                  <strong>{item.asset_id ? "What is wrong: " : "What it is: "}</strong>
                  {item.message}
                </p>
                <Suggested item={item} />
                {errors?._ ? (
                  <p className="error-message" role="alert">
                    {errors._}
                  </p>
                ) : null}
                <div className="form-actions">
                  {item.asset_id ? (
                    <>
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="id" value={item.id} />
                        <button type="submit" name="intent" value="approve">
                          Approve<span className="visually-hidden"> the change to {title}</span>
                        </button>
                      </Form>
                      <a href={`/connect/suggestions/${item.id}`}>
                        Edit, then approve<span className="visually-hidden"> the change to {title}</span>
                      </a>
                    </>
                  ) : (
                    <a className="button" href={`/connect/suggestions/${item.id}`}>
                      Review and add<span className="visually-hidden"> {title}</span> to the directory
                    </a>
                  )}
                </div>
                <Form method="post" className="reject-form">
                  <CsrfField />
                  <input type="hidden" name="id" value={item.id} />
                  <div className={`field${errors?.reason ? " field-error" : ""}`}>
                    <label htmlFor={`reason-${item.id}`}>
                      Reason for rejecting<span className="visually-hidden"> the suggestion about {title}</span>
                    </label>
                    {errors?.reason ? (
                      <span className="error-message" id={`reason-${item.id}-error`}>
                        <span className="visually-hidden">Error:</span> Reason {errors.reason}
                      </span>
                    ) : null}
                    <textarea
                      id={`reason-${item.id}`}
                      name="reason"
                      rows={2}
                      maxLength={1000}
                      defaultValue={failedId === item.id ? data?.values?.reason : undefined}
                      aria-invalid={errors?.reason ? true : undefined}
                      aria-describedby={errors?.reason ? `reason-${item.id}-error` : undefined}
                    />
                  </div>
                  <button type="submit" name="intent" value="reject" className="secondary">
                    Reject<span className="visually-hidden"> the suggestion about {title}</span>
                  </button>
                </Form>
              </li>
            );
          })}
        </ol>
      )}

      <h2>Recent decisions</h2>
      {recent.length === 0 ? (
        <p>No decisions yet.</p>
      ) : (
        <table className="hours-table">
          <caption className="visually-hidden">The latest decisions on suggestions</caption>
          <thead>
            <tr>
              <th scope="col">Suggestion</th>
              <th scope="col">Decision</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((s) => {
              const target = s.asset_id ?? s.created_asset_id;
              const label = s.asset_id ? `Change to ${s.asset_name ?? "a listing"}` : `New listing: ${s.payload.name ?? ""}`;
              return (
                <tr key={s.id}>
                  <td>{target ? <a href={`/assets/${target}`}>{label}</a> : label}</td>
                  <td>{s.status === "approved" ? "Approved" : "Rejected"}</td>
                  <td>{s.reviewer_name ?? "Someone"}</td>
                  <td>{formatDateTime(s.reviewed_at)}</td>
                  <td>{s.reason ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
