// /connect/suggestions/:id: review one suggestion (connectors and admins). A correction can be
// edited, then approved (written through writeAssets as the connector, action "suggestion");
// a suggested new listing is completed here (kind, categories, location...) and then added.
// Either can be rejected with a reason.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CATEGORIES, KINDS, KIND_LABELS } from "~/core/taxonomy";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { PRIVATE } from "~/server/http.server";
import { formAction } from "~/server/page-actions.server";
import { approveCorrection, approveNewAsset, rejectSuggestion } from "~/features/suggestions/decisions.server";
import { getSuggestion } from "~/features/suggestions/queue.server";
import { editableInput, type ReviewFields } from "~/features/suggestions/review-edits.server";
import { CsrfField, ErrorSummary, TextArea, TextField } from "~/components/forms";
import { SelectField } from "~/components/SelectField";
import { formatDateTime } from "~/components/dates";

export const meta: MetaFunction = () => [{ title: "Check a suggestion — Real Wealth" }];
// Suggestions show who sent them (emails).
export const headers: HeadersFunction = () => PRIVATE;

const TEXT_FIELDS = ["name", "kind", "summary", "description", "address", "postcode", "opening_hours", "phone", "email", "website"] as const;

const LABELS: Record<string, string> = {
  name: "Name",
  kind: "Kind",
  categories: "Categories",
  summary: "Summary",
  description: "Description",
  address: "Address",
  postcode: "Postcode",
  opening_hours: "Opening times",
  phone: "Phone",
  email: "Email",
  website: "Website",
  reason: "Reason for rejecting",
  version: "Version",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePageUser(request, "suggestion:moderate");
  const { db } = await getContext();
  const s = await getSuggestion(db, params.id ?? "");
  if (!s) throw new Response("There is no suggestion with that id.", { status: 404 });
  const current = s.asset_id ? await editableInput(db, s.asset_id) : null;
  const p = s.payload;
  const values: Record<string, string> = current
    ? {
        name: p.name ?? current.name,
        summary: current.summary ?? "",
        description: current.description ?? "",
        address: current.address ?? "",
        postcode: p.postcode ?? current.postcode ?? "",
        opening_hours: p.when ?? current.opening_hours_text ?? current.opening_hours ?? "",
        phone: current.phone ?? "",
        email: current.email ?? "",
        website: current.website ?? "",
        version: String(current.version),
      }
    : {
        name: p.name ?? "",
        kind: "",
        summary: "",
        description: s.message,
        address: "",
        postcode: p.postcode ?? "",
        opening_hours: p.when ?? "",
        phone: "",
        email: "",
        website: "",
      };
  const now = current
    ? {
        name: current.name,
        postcode: current.postcode ?? "",
        opening_hours: current.opening_hours_text ?? current.opening_hours ?? "",
      }
    : null;
  return json({ suggestion: s, values, categories: [] as string[], now }, { headers: PRIVATE });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "suggestion:moderate");
  const id = params.id ?? "";
  const values: Record<string, string> = {};
  const categories: string[] = [];
  return formAction(async () => {
    const form = await readForm(request);
    for (const f of [...TEXT_FIELDS, "version", "reason"]) values[f] = str(form, f);
    for (const c of form.getAll("categories")) if (typeof c === "string") categories.push(c);
    const ctx = await getContext();
    const intent = str(form, "intent");
    if (intent === "reject") {
      await rejectSuggestion(ctx, user, id, values.reason);
      return redirect("/connect/suggestions?done=rejected");
    }
    if (intent !== "approve") return json({ errors: { _: "Choose approve or reject." }, values, categories }, { status: 400 });
    const s = await getSuggestion(ctx.db, id);
    if (!s) throw new Response("There is no suggestion with that id.", { status: 404 });
    const fields: ReviewFields = {};
    for (const f of TEXT_FIELDS) if (form.has(f)) fields[f] = values[f];
    if (s.asset_id) {
      const version = Number(values.version);
      const d = await approveCorrection(ctx, user, id, { edits: fields, expectedVersion: Number.isInteger(version) && version > 0 ? version : undefined });
      return redirect(`/connect/suggestions?done=approved&asset=${encodeURIComponent(d.asset_id ?? "")}`);
    }
    fields.categories = categories;
    const d = await approveNewAsset(ctx, user, id, fields);
    return redirect(`/connect/suggestions?done=approved&asset=${encodeURIComponent(d.asset_id ?? "")}`);
  }, { ...values, categories } as unknown as Record<string, unknown>);
}

function CategoryChoices({ chosen, error }: { chosen: string[]; error?: string }) {
  const parents = CATEGORIES.filter((c) => c.parent === null);
  return (
    <fieldset className={`field${error ? " field-error" : ""}`} aria-describedby={error ? "f-categories-error" : "f-categories-hint"} id="f-categories">
      <legend>Categories (optional)</legend>
      <span className="hint" id="f-categories-hint">
        Choose any that fit. They help people find it.
      </span>
      {error ? (
        <span className="error-message" id="f-categories-error">
          <span className="visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <div className="filter-groups">
        {parents.map((parent) => (
          <fieldset key={parent.code}>
            <legend>{parent.label}</legend>
            {[parent, ...CATEGORIES.filter((c) => c.parent === parent.code)].map((c) => (
              <label key={c.code} className="check">
                <input type="checkbox" name="categories" value={c.code} defaultChecked={chosen.includes(c.code)} />
                <span>{c.code === parent.code ? `${c.label} (general)` : c.label}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}

export default function ReviewSuggestion() {
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> & { categories?: string[] } }>();
  const s = loaded.suggestion;
  const v = data?.values ?? loaded.values;
  const chosen = data?.values?.categories ?? loaded.categories;
  const errors = data?.errors;
  const isNew = !s.asset_id;
  const now = loaded.now;
  const nowHint = (field: "name" | "postcode" | "opening_hours", extra?: string) =>
    now ? `Now: ${now[field] || "not known"}.${extra ? ` ${extra}` : ""}` : extra;
  return (
    <div>
      <p className="breadcrumb">
        <a href="/connect/suggestions">Back to suggestions</a>
      </p>
      <h1>{isNew ? `Suggested new listing: ${s.payload.name ?? ""}` : `Suggested change to ${s.asset_name ?? "a listing"}`}</h1>
      <div className="panel">
        <p className="pre-line">
          <strong>{isNew ? "What it is: " : "What is wrong: "}</strong>
          {s.message}
        </p>
        <p className="result-meta">
          Sent {formatDateTime(s.created_at)}
          {s.contact_email ? (
            <>
              {" "}
              · contact: <a href={`mailto:${s.contact_email}`}>{s.contact_email}</a>
            </>
          ) : (
            " · no contact details"
          )}
          {s.asset_id ? (
            <>
              {" "}
              · <a href={`/assets/${s.asset_id}`}>the listing now</a>
            </>
          ) : null}
        </p>
      </div>

      {s.status !== "pending" ? (
        <div className="notice" role="status">
          <p>
            This suggestion was {s.status} by {s.reviewer_name ?? "someone"} on {formatDateTime(s.reviewed_at)}.
            {s.reason ? ` Reason: ${s.reason}` : ""}
          </p>
        </div>
      ) : (
        <>
          <ErrorSummary errors={errors} labels={LABELS} />
          <h2>{isNew ? "Complete the listing, then add it" : "Check the change, then approve it"}</h2>
          <p>
            {isNew
              ? "Fill in what the person could not know. It goes into the directory, and into search, as soon as you add it."
              : "The form shows the listing with the suggested changes. Edit anything that is not right; the listing changes when you approve."}
          </p>
          <Form method="post" noValidate>
            <CsrfField />
            {!isNew ? <input type="hidden" name="version" value={v.version ?? ""} /> : null}
            <TextField name="name" label="Name" hint={nowHint("name")} error={errors?.name} defaultValue={v.name} maxLength={200} required />
            {isNew ? (
              <>
                <SelectField
                  name="kind"
                  label="Kind"
                  hint="What sort of place or service it is."
                  error={errors?.kind}
                  defaultValue={v.kind}
                  required
                  options={[{ value: "", label: "Choose a kind" }, ...KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))]}
                />
                <CategoryChoices chosen={chosen} error={errors?.categories} />
              </>
            ) : null}
            <TextField name="summary" label="Summary (optional)" hint="One line shown in search results." error={errors?.summary} defaultValue={v.summary} maxLength={300} />
            <TextArea name="description" label="Description" hint="In plain English: what happens, who it is for." error={errors?.description} defaultValue={v.description} maxLength={5000} />
            <TextField name="address" label="Address (optional)" error={errors?.address} defaultValue={v.address} maxLength={500} />
            <TextField
              name="postcode"
              label="Postcode"
              hint={nowHint("postcode", "The listing is placed on the map at this postcode.")}
              error={errors?.postcode}
              defaultValue={v.postcode}
              maxLength={10}
              required={isNew}
              narrow
            />
            <TextField
              name="opening_hours"
              label="Opening times (optional)"
              hint={nowHint(
                "opening_hours",
                "Plain English such as Tuesdays 10am to 12pm, or OSM syntax such as Tu 10:00-12:00. Times we cannot read are shown to people as written.",
              )}
              error={errors?.opening_hours ?? errors?.opening_hours_text}
              defaultValue={v.opening_hours}
              maxLength={1000}
            />
            <TextField name="phone" label="Phone (optional)" error={errors?.phone} defaultValue={v.phone} maxLength={50} type="tel" />
            <TextField name="email" label="Email (optional)" error={errors?.email} defaultValue={v.email} maxLength={320} type="email" />
            <TextField name="website" label="Website (optional)" error={errors?.website} defaultValue={v.website} maxLength={500} />
            <div className="form-actions">
              <button type="submit" name="intent" value="approve">
                {isNew ? "Add to the directory" : "Approve the change"}
              </button>
            </div>
          </Form>

          <h2>Or reject it</h2>
          <Form method="post" noValidate>
            <CsrfField />
            <TextArea
              name="reason"
              label="Reason for rejecting"
              hint="Required. Say why, so the decision can be understood later."
              error={errors?.reason}
              defaultValue={v.reason}
              maxLength={1000}
              rows={3}
            />
            <div className="form-actions">
              <button type="submit" name="intent" value="reject" className="secondary">
                Reject the suggestion
              </button>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
