// /connect/import: step 1 of the in-site import (connectors and admins): upload a CSV or
// GeoJSON file of at most 10 MB. The next steps are on /connect/import/:id.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePageUser } from "~/server/auth.server";
import { verifyCsrf } from "~/server/csrf.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { MAX_UPLOAD_BYTES, readImportUpload, recentUploads, storeUpload } from "~/features/imports/uploads.server";
import { formAction } from "~/server/page-actions.server";
import { CsrfField, ErrorSummary } from "~/components/forms";
import { formatBytes, formatDateTime } from "~/components/dates";
import { ImportSteps } from "~/components/ImportSteps";

export const meta: MetaFunction = () => [{ title: "Import a list — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePageUser(request, "import:run");
  const { db } = await getContext();
  return json({ uploads: await recentUploads(db, user), maxBytes: MAX_UPLOAD_BYTES });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "import:run");
  return formAction(async () => {
    const { file, form } = await readImportUpload(request);
    if (!verifyCsrf(request, form)) throw new ApiError(403, "csrf", "This form has expired. Please go back, reload the page and try again.");
    if (!file) throw new ApiError(400, "invalid_input", "Choose a CSV or GeoJSON file to upload.", { file: "choose a CSV or GeoJSON file" });
    const { db } = await getContext();
    const upload = await storeUpload(db, user, file.filename, file.bytes);
    return redirect(`/connect/import/${upload.id}`);
  });
}

export default function ImportUpload() {
  const { uploads } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  const errors = data?.errors;
  return (
    <div>
      <p className="breadcrumb">
        <a href="/connect">Connector dashboard</a>
      </p>
      <h1>Import a list of listings</h1>
      <ImportSteps current={1} />
      <p>
        Upload a spreadsheet saved as CSV (with a header row), or a GeoJSON file. Next you choose which column holds the name,
        the postcode and so on, and see a preview before anything is imported. Importing the same file again updates the
        listings it made; it never makes copies.
      </p>
      <ErrorSummary errors={errors} labels={{ file: "File" }} />
      <Form method="post" encType="multipart/form-data" noValidate className="narrow-form">
        <CsrfField />
        <div className={`field${errors?.file ? " field-error" : ""}`}>
          <label htmlFor="f-file">CSV or GeoJSON file</label>
          <span className="hint" id="f-file-hint">
            At most 10 MB. A spreadsheet must be saved as CSV first.
          </span>
          {errors?.file ? (
            <span className="error-message" id="f-file-error">
              <span className="visually-hidden">Error:</span> {errors._ ?? errors.file}
            </span>
          ) : null}
          <input
            id="f-file"
            name="file"
            type="file"
            accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json"
            aria-describedby={errors?.file ? "f-file-hint f-file-error" : "f-file-hint"}
            aria-invalid={errors?.file ? true : undefined}
            required
            aria-required
          />
        </div>
        <div className="form-actions">
          <button type="submit">Upload and continue</button>
        </div>
      </Form>

      <h2>Your recent uploads</h2>
      {uploads.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <table className="hours-table">
          <caption className="visually-hidden">Files you uploaded recently</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
              <th scope="col">Imported</th>
            </tr>
          </thead>
          <tbody>
            {uploads.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/connect/import/${u.id}`}>{u.filename}</a>
                </td>
                <td>{formatBytes(u.size)}</td>
                <td>{formatDateTime(u.created_at)}</td>
                <td>{u.runs ? `${u.runs} ${u.runs === 1 ? "time" : "times"}` : "Not yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        Importing from the command line is described in <code>docs/import-mapping.md</code>.
      </p>
    </div>
  );
}
