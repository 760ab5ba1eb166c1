// /connect/import/:id: steps 2 to 4 of the in-site import (connectors and admins): choose which
// column holds which field (or load a saved mapping), save the mapping under a name, preview the
// first 20 rows with what will happen to each, then import.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { KINDS, KIND_LABELS } from "~/core/taxonomy";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { readForm, str } from "~/server/forms.server";
import { COLUMN_FIELDS, FIELD_LABELS, PRECISIONS, defaultMappingValues, mappingFromForm, readMappingForm, valuesFromMapping, type MappingFormValues } from "~/features/imports/mapping-form.server";
import { parseMappingFile } from "~/features/imports/mappings/columns";
import { RESERVED_SOURCES, previewImport, runImport, type Preview } from "~/features/imports/runs.server";
import { getSavedMapping, mappingLabel, saveMapping, savedMappings } from "~/features/imports/saved-mappings.server";
import { getUpload, readUpload } from "~/features/imports/uploads.server";
import { formAction } from "~/server/page-actions.server";
import { CsrfField, ErrorSummary, TextField } from "~/components/forms";
import { SelectField } from "~/components/SelectField";
import { formatBytes } from "~/components/dates";
import { ImportSteps } from "~/components/ImportSteps";

export const meta: MetaFunction = () => [{ title: "Choose columns and preview — Real Wealth" }];

async function load(request: Request, id: string) {
  const user = await requirePageUser(request, "import:run");
  const ctx = await getContext();
  const upload = await getUpload(ctx.db, user, id);
  if (!upload) throw new Response("There is no upload with that id, or it is not yours.", { status: 404 });
  const read = await readUpload(ctx.db, upload);
  return { user, ctx, upload, read };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ctx, upload, read } = await load(request, params.id ?? "");
  const saved = await savedMappings(ctx.db, user);
  const chosen = new URL(request.url).searchParams.get("mapping");
  let values: MappingFormValues = defaultMappingValues(upload.filename, read.columns);
  let missing: string[] = [];
  let loaded: string | null = null;
  if (chosen) {
    const m = await getSavedMapping(ctx.db, chosen);
    if (m) {
      ({ values, missing } = valuesFromMapping(m.mapping, read.columns));
      loaded = m.name;
    }
  }
  const examples: Record<string, string> = {};
  for (const c of read.columns) {
    const sample = read.rows.find((r) => (r.values[c] ?? "").trim() !== "");
    if (sample) examples[c] = sample.values[c].trim().slice(0, 40);
  }
  return json({
    upload,
    columns: read.columns,
    examples,
    rows: read.rows.length,
    saved: saved.map((m) => ({ id: m.id, name: mappingLabel(m, user) })),
    values,
    missing,
    loaded,
    chosen,
    fields: COLUMN_FIELDS.map((f) => ({ field: f as string, label: FIELD_LABELS[f] })),
    precisions: [...PRECISIONS] as string[],
  });
}

type ActionData = {
  errors?: Record<string, string>;
  values?: MappingFormValues & { mapping_name?: string };
  preview?: Preview;
  mappingJson?: string;
  saved?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ctx, upload, read } = await load(request, params.id ?? "");
  let values: ActionData["values"] | undefined;
  const out: Record<string, unknown> = {};
  return formAction(async () => {
    const form = await readForm(request);
    const intent = str(form, "intent");
    if (intent === "import") {
      let raw: unknown = null;
      try {
        raw = JSON.parse(str(form, "mapping") || "null");
      } catch {
        // reported below
      }
      const parsed = parseMappingFile(raw);
      if ("problems" in parsed) throw new ApiError(400, "invalid_input", `The mapping has problems: ${parsed.problems.join("; ")}.`);
      const run = await runImport(ctx, user, upload, parsed.mapping);
      return redirect(`/connect/import/runs/${run.id}`);
    }
    const data = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
    values = { ...readMappingForm(data), mapping_name: str(form, "mapping_name") };
    Object.assign(out, { values });
    const checked = mappingFromForm(values, read.columns, upload.format, RESERVED_SOURCES);
    if ("errors" in checked) return json<ActionData>({ errors: checked.errors, values }, { status: 400 });
    if (intent === "save") {
      const saved = await saveMapping(ctx.db, user, values.mapping_name ?? "", checked.mapping);
      return json<ActionData>({ values, saved: saved.name });
    }
    const preview = await previewImport(ctx.db, upload, checked.mapping);
    return json<ActionData>({ values, preview, mappingJson: JSON.stringify(checked.mapping) });
  }, out);
}

const PRECISION_LABELS: Record<string, string> = {
  exact: "Exact points",
  building: "The middle of a building",
  postcode_unit: "The middle of a postcode",
  postcode_district: "The middle of a postcode district",
};

const ACTION_TEXT: Record<string, string> = {
  create: "Will be added",
  update: "Will update the listing already here",
  reject: "Will not be imported",
  skip: "Left out",
};

export default function ImportMapping() {
  const l = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const v = data?.values?.columns ? data.values : l.values;
  const errors = data?.errors;
  const preview = data?.preview;
  const columnOptions = [{ value: "", label: "Not in this file" }, ...l.columns.map((c) => ({ value: c, label: l.examples[c] ? `${c} (e.g. ${l.examples[c]})` : c }))];
  const labels: Record<string, string> = {
    source: "Dataset name",
    title: "Title",
    licence: "Licence",
    attribution: "Attribution",
    kind: "Kind",
    categories: "Categories for every row",
    access: "Accessibility for every row",
    verified_at: "Date the list was checked",
    location_precision: "How exact the locations are",
    mapping_name: "Mapping name",
    ...Object.fromEntries(l.fields.map((f) => [`col.${f.field}`, `Column for ${f.label.replace(/ \(required\)$/, "")}`])),
  };
  return (
    <div>
      <p className="breadcrumb">
        <a href="/connect/import">Back to import</a>
      </p>
      <h1>Import {l.upload.filename}</h1>
      <ImportSteps current={preview ? 3 : 2} />
      <p>
        {l.upload.format === "csv" ? "CSV" : "GeoJSON"} file, {formatBytes(l.upload.size)}, {l.rows} {l.rows === 1 ? "row" : "rows"},{" "}
        {l.columns.length} {l.columns.length === 1 ? "column" : "columns"}.
      </p>

      {l.saved.length ? (
        <Form method="get" className="search-form">
          <SelectField
            name="mapping"
            label="Start from a saved mapping"
            hint="The columns it names are chosen for you when this file has them."
            defaultValue={l.chosen ?? ""}
            options={[{ value: "", label: "Choose a saved mapping" }, ...l.saved.map((m) => ({ value: m.id, label: m.name }))]}
          />
          <button type="submit" className="secondary">
            Use this mapping
          </button>
        </Form>
      ) : null}
      {l.loaded ? (
        <div className="notice" role="status">
          <p>
            Using the saved mapping “{l.loaded}”.
            {l.missing.length ? ` This file has no column called ${l.missing.map((m) => `“${m}”`).join(", ")}: choose another or leave it out.` : ""}
          </p>
        </div>
      ) : null}
      {data?.saved ? (
        <div className="notice" role="status">
          <p>Saved the mapping as “{data.saved}”. Choose it next time you import a file like this.</p>
        </div>
      ) : null}

      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <CsrfField />
        <h2>About this list</h2>
        <p>This is shown with every listing it makes, so people know where the information came from.</p>
        <TextField
          name="source"
          label="Dataset name"
          hint="A short name with letters, digits and underscores, such as sale_groups_2026. Import a newer copy of the same list under the same name to update it."
          error={errors?.source}
          defaultValue={v.source}
          maxLength={100}
          required
        />
        <TextField name="title" label="Title (optional)" hint="For example: Community groups in Sale, January 2026." error={errors?.title} defaultValue={v.title} maxLength={200} />
        <TextField name="licence" label="Licence" hint="For example: Open Government Licence v3.0, or: Shared with permission of Sale Forum." error={errors?.licence} defaultValue={v.licence} maxLength={200} required />
        <TextField name="attribution" label="Attribution" hint="Who to thank for the list, as it should appear on each listing." error={errors?.attribution} defaultValue={v.attribution} maxLength={1000} required />
        <SelectField
          name="kind"
          label="Kind"
          hint="What every row is, or choose a column below that says it for each row."
          error={errors?.kind}
          defaultValue={v.kind}
          options={[{ value: "", label: "Each row says (choose the column below)" }, ...KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))]}
        />
        <TextField
          name="categories"
          label="Categories for every row (optional)"
          hint="Category codes separated by commas, such as social_group, older_people."
          error={errors?.categories}
          defaultValue={v.categories}
          maxLength={500}
        />
        <TextField name="access" label="Accessibility for every row (optional)" hint="Codes separated by commas, such as step_free, hearing_loop." error={errors?.access} defaultValue={v.access} maxLength={500} />
        <SelectField
          name="free"
          label="Free for every row?"
          defaultValue={v.free}
          options={[
            { value: "", label: "Not known, or a column says" },
            { value: "yes", label: "Yes, all free" },
            { value: "no", label: "No, all have a charge" },
          ]}
          narrow
        />
        <TextField name="verified_at" label="Date the list was checked (optional)" hint="For example 2026-01-31." error={errors?.verified_at} defaultValue={v.verified_at} maxLength={10} narrow />
        <SelectField
          name="location_precision"
          label="How exact the locations are"
          error={errors?.location_precision}
          defaultValue={v.location_precision || "exact"}
          options={l.precisions.map((p) => ({ value: p, label: PRECISION_LABELS[p] ?? p }))}
        />

        <h2>Which column holds what</h2>
        <p>We have guessed from the column names. Rows without coordinates are placed by their postcode.</p>
        <div className="filter-groups">
          {l.fields.map(({ field, label }) => (
            <SelectField
              key={field}
              name={`col.${field}`}
              label={label}
              error={errors?.[`col.${field}`]}
              defaultValue={v.columns[field as keyof typeof v.columns] ?? ""}
              options={columnOptions}
              required={field === "name"}
            />
          ))}
        </div>

        <h2>Save this mapping (optional)</h2>
        <TextField
          name="mapping_name"
          label="Mapping name"
          hint="To use the same choices for the next file like this one. The same name replaces the earlier mapping."
          error={errors?.mapping_name}
          defaultValue={data?.values?.mapping_name ?? ""}
          maxLength={100}
        />
        <div className="form-actions">
          <button type="submit" name="intent" value="preview">
            Preview the first 20 rows
          </button>
          <button type="submit" name="intent" value="save" className="secondary">
            Save the mapping
          </button>
        </div>
      </Form>

      {preview && data?.mappingJson ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title" tabIndex={-1}>
            Preview
          </h2>
          <p role="status">
            Of {preview.total} {preview.total === 1 ? "row" : "rows"}: {preview.creates} will be added, {preview.updates} will update listings already
            here, and {preview.rejects} {preview.rejects === 1 ? "has a problem" : "have problems"} and will not be imported
            {preview.skips ? ` (${preview.skips} left out)` : ""}. Rows with problems come back as a file you can download, with the reason for each.
          </p>
          <table className="hours-table">
            <caption>The first {preview.rows.length} rows</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Name</th>
                <th scope="col">What will happen</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.index}>
                  <td>{r.index}</td>
                  <td>{r.name || "(no name)"}</td>
                  <td>{ACTION_TEXT[r.action]}</td>
                  <td>{r.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="mapping" value={data.mappingJson} />
            <div className="form-actions">
              <button type="submit" name="intent" value="import" disabled={preview.creates + preview.updates === 0}>
                Import {preview.creates + preview.updates} {preview.creates + preview.updates === 1 ? "row" : "rows"}
              </button>
              <span>Change the choices above and preview again if something is not right.</span>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
