// /assets/:id/history (connectors and admins): every change, newest first, in plain words, with
// "Restore this version" (a POST with the CSRF token) on each earlier version.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import connectCss from "~/components/connect.css";
import { actionLabel, describeChanges } from "~/core/asset-changes";
import { assetHistory } from "~/features/assets/history.server";
import { restoreVersion } from "~/features/assets/lifecycle.server";
import { requirePageUser } from "~/server/auth.server";
import { verifyCsrf } from "~/server/csrf.server";
import { getContext } from "~/server/context.server";
import { ApiError, ConflictError } from "~/server/errors";
import { CsrfField } from "~/components/forms";
import { can } from "~/core/access-policy";
import { readFormBody } from "~/server/forms.server";
import { pageError } from "~/server/page-actions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: connectCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `History of ${data.name} — Real Wealth` : "Not found — Real Wealth" }];

const PER_PAGE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request, "asset:history");
  const { db } = await getContext();
  const id = params.id ?? "";
  const pageRaw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw < 100_000 ? pageRaw : 1;
  const history = await assetHistory(db, id, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  if (!history) throw new Response("We could not find that listing.", { status: 404 });
  const { asset, total, revisions } = history;
  return json({
    ...asset,
    page,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    total,
    canRestore: can(user.role, "asset:restore"),
    revisions: revisions.map((r) => ({
      version: r.version,
      action: actionLabel(r.action),
      note: r.note,
      created_at: r.created_at,
      who: r.user ? r.user.name || r.user.email : r.action === "baseline" ? "As imported from open data" : "Data import or the system",
      changes: describeChanges(r.changes),
      isCreate: r.action === "create" || (r.changes.length > 0 && r.changes.every((c) => c.old === null)),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "asset:restore");
  const id = params.id ?? "";
  const form = await readFormBody(request).catch(pageError);
  if (!verifyCsrf(request, form)) {
    return json({ error: "This form has expired. Please reload the page and try again." }, { status: 403 });
  }
  const version = Number(form.get("version"));
  const expected = Number(form.get("expected"));
  if (!Number.isInteger(version) || version < 1) return json({ error: "Choose a version to restore." }, { status: 400 });
  try {
    await restoreVersion(await getContext(), user, id, version, Number.isInteger(expected) && expected >= 1 ? expected : undefined);
  } catch (e) {
    if (e instanceof ConflictError) {
      return json({ error: "Someone else changed this record while you were looking at its history. Check the newest changes below, then restore again if you still want to." }, { status: 409 });
    }
    if (e instanceof ApiError) return json({ error: e.message }, { status: e.status });
    throw e;
  }
  return redirect(`/assets/${id}?done=restored&version=${version}`, 303);
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
}

export default function History() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<{ error?: string }>();
  return (
    <div>
      <p className="breadcrumb">
        <a href={`/assets/${data.id}`}>Back to {data.name}</a>
      </p>
      <h1>History of {data.name}</h1>
      <p>
        Newest first. The current version is version {data.version}
        {data.status === "archived" ? " (archived)" : ""}. Restoring an earlier version saves its details as a new version; nothing
        is ever deleted.
      </p>
      {answer?.error ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>There is a problem</h2>
          <p>{answer.error}</p>
        </div>
      ) : null}
      {data.revisions.length === 0 ? <p>No changes have been recorded yet: this is the record as it was imported.</p> : null}
      <ol className="revision-list" reversed>
        {data.revisions.map((r) => {
          // For the first version, only what it was created with (not every empty field).
          const list = r.isCreate ? r.changes.filter((c) => c.new !== "(empty)") : r.changes;
          const items = list.map((c) => (
            <li key={c.field}>
              {r.isCreate ? (
                <>
                  <strong>{c.label}:</strong> {c.new}
                </>
              ) : (
                <>
                  <strong>{c.label}</strong> changed from “{c.old}” to “{c.new}”
                </>
              )}
            </li>
          ));
          return (
            <li className="revision" key={`${r.version}-${r.created_at}`}>
              <h2>
                Version {r.version}: {r.action}
              </h2>
              <p className="result-meta">
                {r.who}, {formatWhen(r.created_at)}
                {r.note ? `. ${r.note}` : ""}
              </p>
              {list.length === 0 ? null : list.length <= 8 ? (
                <ul>{items}</ul>
              ) : (
                <details>
                  <summary>Show all {list.length} details</summary>
                  <ul>{items}</ul>
                </details>
              )}
              {data.canRestore && r.version !== data.version ? (
                <Form method="post" className="inline-form">
                  <CsrfField />
                  <input type="hidden" name="version" value={r.version} />
                  <input type="hidden" name="expected" value={data.version} />
                  <button type="submit" className="secondary">
                    Restore this version<span className="visually-hidden"> (version {r.version})</span>
                  </button>
                </Form>
              ) : r.version === data.version ? (
                <p>
                  <strong>This is the current version.</strong>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {data.pages > 1 ? (
        <nav className="pagination" aria-label="Pages of history">
          {data.page > 1 ? <a href={`?page=${data.page - 1}`}>Newer changes</a> : null}
          <span>
            Page {data.page} of {data.pages}
          </span>
          {data.page < data.pages ? <a href={`?page=${data.page + 1}`}>Older changes</a> : null}
        </nav>
      ) : null}
    </div>
  );
}
