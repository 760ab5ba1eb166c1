// /connect/import/runs/:runId: what an in-site import did, with the rejected rows to download.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { getRun } from "~/features/imports/runs.server";
import { ImportSteps } from "~/components/ImportSteps";
import { formatDateTime } from "~/components/dates";

export const meta: MetaFunction = () => [{ title: "Import finished — Real Wealth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request, "import:run");
  const { db } = await getContext();
  const run = await getRun(db, user, params.runId ?? "");
  if (!run) throw new Response("There is no import with that id, or it is not yours.", { status: 404 });
  return json({ run });
}

export default function ImportRunPage() {
  const { run } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb">
        <a href="/connect/import">Back to import</a>
      </p>
      <h1>Import finished</h1>
      <ImportSteps current={4} />
      <div className="panel" role="status">
        <p>
          {run.filename}, imported {formatDateTime(run.created_at)} as “{run.source}”: {run.read} {run.read === 1 ? "row" : "rows"} read.
        </p>
      </div>
      <table className="hours-table">
        <caption className="visually-hidden">What happened to the rows</caption>
        <tbody>
          <tr>
            <th scope="row">Added</th>
            <td>{run.created}</td>
          </tr>
          <tr>
            <th scope="row">Updated</th>
            <td>{run.updated}</td>
          </tr>
          <tr>
            <th scope="row">Already up to date</th>
            <td>{run.unchanged}</td>
          </tr>
          <tr>
            <th scope="row">Not imported (problems)</th>
            <td>{run.rejected}</td>
          </tr>
          {run.skipped ? (
            <tr>
              <th scope="row">Left out</th>
              <td>{run.skipped}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {run.has_rejects ? (
        <p>
          <a href={`/connect/import/rejects/${run.id}`} download>
            Download the {run.rejected} {run.rejected === 1 ? "row" : "rows"} that were not imported (CSV, with the reason for each)
          </a>
          . Fix them in your spreadsheet and import that file under the same dataset name.
        </p>
      ) : (
        <p>Every row was imported.</p>
      )}
      <ul>
        <li>
          <a href={`/connect/import/${run.upload_id}`}>Import this file again</a>
        </li>
        <li>
          <a href="/connect/import">Import another file</a>
        </li>
        <li>
          <a href="/connect">Connector dashboard</a>
        </li>
      </ul>
    </div>
  );
}
