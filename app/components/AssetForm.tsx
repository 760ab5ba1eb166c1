// The connector's asset form (new and edit). Works without JavaScript: every field is a plain
// input, validation happens on the server, and the map pin is an optional enhancement
// (LocationPicker.client.tsx) that fills in the latitude and longitude boxes.
import { Suspense, lazy, useEffect, useRef } from "react";
import { Form } from "@remix-run/react";
import { CATEGORIES, ACCESS_FEATURES, ACCESS_LABELS, KINDS, KIND_LABELS } from "~/core/taxonomy";
import type { AssetFormValues } from "~/core/asset-form";
import { WEEKDAYS } from "~/core/hours-editor";
import { CsrfField } from "~/components/forms";
import { useHydrated } from "~/components/useHydrated";
import { useRootData } from "~/root";

const LocationPicker = lazy(() => import("~/components/LocationPicker.client"));

export interface ConflictInfo {
  version: number;
  by: string | null;
  at: string | null;
  changes: { field: string; label: string; theirs: string; yours: string }[];
}

const fid = (name: string) => `f-${name.replace(/\./g, "-")}`;

function Hint({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <span className="hint" id={id}>
      {children}
    </span>
  );
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <span className="error-message" id={id}>
      <span className="visually-hidden">Error:</span> {error}
    </span>
  );
}

function describedBy(...ids: unknown[]): string | undefined {
  const s = ids.filter((x): x is string => typeof x === "string" && x !== "").join(" ");
  return s || undefined;
}

interface FieldCommon {
  name: string;
  label: string;
  values: AssetFormValues;
  errors: Record<string, string>;
  hint?: React.ReactNode;
}

function Text({ name, label, values, errors, hint, narrow, autoComplete, maxLength, type = "text", inputMode }: FieldCommon & {
  narrow?: boolean;
  autoComplete?: string;
  maxLength?: number;
  type?: string;
  inputMode?: "text" | "numeric" | "decimal" | "email" | "tel" | "url";
}) {
  const id = fid(name);
  const error = errors[name];
  return (
    <div className={`field${narrow ? " narrow" : ""}${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      <ErrorText id={`${id}-error`} error={error} />
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={values.fields[name] ?? ""}
        autoComplete={autoComplete ?? "off"}
        maxLength={maxLength}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
    </div>
  );
}

function Area({ name, label, values, errors, hint, rows = 4, maxLength }: FieldCommon & { rows?: number; maxLength?: number }) {
  const id = fid(name);
  const error = errors[name];
  return (
    <div className={`field${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      <ErrorText id={`${id}-error`} error={error} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={values.fields[name] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
    </div>
  );
}

function Select({ name, label, values, errors, hint, options, narrow }: FieldCommon & { options: [string, string][]; narrow?: boolean }) {
  const id = fid(name);
  const error = errors[name];
  return (
    <div className={`field${narrow ? " narrow" : ""}${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      <ErrorText id={`${id}-error`} error={error} />
      <select
        id={id}
        name={name}
        defaultValue={values.fields[name] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function Radios({ name, legend, values, errors, hint, options }: Omit<FieldCommon, "label"> & { legend: string; options: [string, string, React.ReactNode?][] }) {
  const id = fid(name);
  const error = errors[name];
  const current = values.fields[name] ?? "";
  return (
    <fieldset className={`field radios${error ? " field-error" : ""}`} aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}>
      <legend>{legend}</legend>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      <ErrorText id={`${id}-error`} error={error} />
      {options.map(([v, l, h], i) => (
        <label className="check" key={v} htmlFor={i === 0 ? id : `${id}-${v || "none"}`}>
          <input type="radio" id={i === 0 ? id : `${id}-${v || "none"}`} name={name} value={v} defaultChecked={current === v} />
          <span>
            {l}
            {h ? <span className="hint">{h}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

const TRI: [string, string][] = [
  ["", "Not known"],
  ["yes", "Yes"],
  ["no", "No"],
];

/**
 * With JavaScript, move focus to the field instead of changing the URL's hash: a hash change is
 * a navigation for the router, which would clear the answer (the errors and what was typed).
 */
function focusField(e: React.MouseEvent<HTMLAnchorElement>, id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  e.preventDefault();
  el.scrollIntoView({ block: "center" });
  el.focus();
}

function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [errors]);
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([k, v]) => (
          <li key={k}>
            {k === "_" ? (
              v
            ) : (
              <a href={`#${fid(k)}`} onClick={(e) => focusField(e, fid(k))}>
                {v}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function formatWhen(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
}

function ConflictPanel({ conflict, cancelHref }: { conflict: ConflictInfo; cancelHref: string }) {
  return (
    <section className="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else changed this record while you were editing</h2>
      <p>
        {conflict.by ? `${conflict.by} saved` : "A change was saved"}
        {conflict.at ? ` on ${formatWhen(conflict.at)}` : ""}. Nothing you typed has been saved yet, and nothing has been lost:
        your changes are still in the form below.
      </p>
      {conflict.changes.length ? (
        <table className="changes-table">
          <caption>What changed since you opened the form</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Their saved version</th>
              <th scope="col">Yours, in the form below</th>
            </tr>
          </thead>
          <tbody>
            {conflict.changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.label}</th>
                <td>{c.theirs}</td>
                <td>{c.yours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        Check the form, then save again to replace their version with yours, or <a href={cancelHref}>leave without saving</a>.
      </p>
    </section>
  );
}

export interface AssetFormProps {
  values: AssetFormValues;
  errors?: Record<string, string> | null;
  /** The version being edited (null for a new asset). */
  version: number | null;
  conflict?: ConflictInfo | null;
  submitLabel: string;
  cancelHref: string;
  /** Opening hours as the source published them (shown as a hint). */
  publishedHours?: string | null;
  /** Changes whenever the server answers, so the form shows the answer's values. */
  formKey?: string;
}

export function AssetForm({ values, errors: errorsIn, version, conflict, submitLabel, cancelHref, publishedHours, formKey }: AssetFormProps) {
  const errors = errorsIn ?? {};
  const hydrated = useHydrated();
  const root = useRootData();
  const common = { values, errors };
  const parents = CATEGORIES.filter((c) => c.parent === null);
  return (
    <>
      <ErrorSummary errors={errors} />
      {conflict ? <ConflictPanel conflict={conflict} cancelHref={cancelHref} /> : null}
      <Form method="post" noValidate className="asset-form" key={formKey} aria-label={submitLabel}>
        <CsrfField />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}

        <fieldset className="form-section">
          <legend>
            <h2>What it is</h2>
          </legend>
          <Select
            {...common}
            name="kind"
            label="Kind"
            hint="Community and everyday services come first in suggestions."
            options={[["", "Choose a kind"], ...KINDS.map((k) => [k, KIND_LABELS[k]] as [string, string])]}
          />
          <Text {...common} name="name" label="Name" maxLength={200} hint="As people know it, for example “Sale Knit and Natter”." />
          <Text {...common} name="summary" label="Short summary (optional)" maxLength={300} hint="One line shown in search results. Plain English." />
          <Area
            {...common}
            name="description"
            label="Description (optional)"
            rows={6}
            maxLength={5000}
            hint="What happens there and who it is for, in plain English. Short sentences; avoid jargon and abbreviations."
          />
        </fieldset>

        <fieldset className="form-section" aria-describedby={errors.categories ? "f-categories-error" : "f-categories-hint"}>
          <legend>
            <h2>Categories</h2>
          </legend>
          <Hint id="f-categories-hint">Choose all that fit. People can find it under each one.</Hint>
          <ErrorText id="f-categories-error" error={errors.categories} />
          <div className="category-groups">
            {parents.map((p, gi) => {
              const children = CATEGORIES.filter((c) => c.parent === p.code);
              return (
                <fieldset key={p.code} className="category-group">
                  <legend>{p.label}</legend>
                  {[p, ...children].map((c, i) => {
                    const id = gi === 0 && i === 0 ? "f-categories" : `f-cat-${c.code}`;
                    return (
                      <label className="check" key={c.code} htmlFor={id}>
                        <input type="checkbox" id={id} name="categories" value={c.code} defaultChecked={values.categories.includes(c.code)} />
                        <span>{c.code === p.code ? `${p.label} (general)` : c.label}</span>
                      </label>
                    );
                  })}
                </fieldset>
              );
            })}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>
            <h2>Where it is</h2>
          </legend>
          <Radios
            {...common}
            name="location_mode"
            legend="How should we put it on the map?"
            options={[
              ["postcode", "From the postcode", "We place it at the middle of the postcode. Good enough for most places."],
              ["pin", "At an exact point", "Drop a pin on the map, or type the latitude and longitude."],
            ]}
          />
          <Text {...common} name="postcode" label="Postcode" narrow maxLength={10} autoComplete="postal-code" hint="For example M33 7XX." />
          <Text {...common} name="address" label="Address (optional)" maxLength={500} hint="Building and street, for example “St Paul’s Church Hall, Springfield Road”." />
          <Text {...common} name="locality" label="Town or area (optional)" narrow maxLength={100} />
          <div className="field-row">
            <Text {...common} name="lat" label="Latitude" narrow inputMode="decimal" maxLength={20} hint="For an exact point, for example 53.4245." />
            <Text {...common} name="lng" label="Longitude" narrow inputMode="decimal" maxLength={20} hint="For example -2.3239." />
          </div>
          {hydrated && root ? (
            <Suspense fallback={null}>
              <LocationPicker tileUrl={root.tileUrl} tileAttribution={root.tileAttribution} />
            </Suspense>
          ) : null}
        </fieldset>

        <fieldset className="form-section" aria-describedby="hours-hint">
          <legend>
            <h2>Opening hours</h2>
          </legend>
          <Hint id="hours-hint">
            {publishedHours ? <>As the source published them: “{publishedHours}”. </> : null}
            Times can be written like 9, 09:30, 5pm or noon.
          </Hint>
          <Radios
            {...common}
            name="hours_mode"
            legend="Do you know when it is open?"
            options={[
              ["unknown", "We do not know the opening hours"],
              ["weekly", "Set the hours for each day (below)"],
              ["advanced", "Advanced: type them in OpenStreetMap opening_hours form (below)"],
            ]}
          />
          <div id="f-hours" tabIndex={-1} className={`week${errors.hours ? " field-error" : ""}`}>
            <ErrorText id="f-hours-error" error={errors.hours} />
            {WEEKDAYS.map((d) => {
              const key = `hours.${d.code}`;
              const error = errors[key];
              const base = `f-hours-${d.code}`;
              return (
                <fieldset key={d.code} className={`day${error ? " field-error" : ""}`} aria-describedby={error ? `${base}-error` : undefined}>
                  <legend>{d.label}</legend>
                  <ErrorText id={`${base}-error`} error={error} />
                  <div className="day-row">
                    <div className="field narrow">
                      <label htmlFor={base}>Open or closed</label>
                      <select id={base} name={`${key}.state`} defaultValue={values.fields[`${key}.state`] || "closed"} aria-invalid={error ? true : undefined}>
                        <option value="closed">Closed</option>
                        <option value="open">Open</option>
                      </select>
                    </div>
                    {(
                      [
                        ["from1", "Opens"],
                        ["to1", "Closes"],
                        ["from2", "Opens again (optional)"],
                        ["to2", "Closes again"],
                      ] as const
                    ).map(([part, label]) => (
                      <div className="field time" key={part}>
                        <label htmlFor={`${base}-${part}`}>{label}</label>
                        <input
                          type="text"
                          id={`${base}-${part}`}
                          name={`${key}.${part}`}
                          defaultValue={values.fields[`${key}.${part}`] ?? ""}
                          autoComplete="off"
                          maxLength={12}
                          aria-invalid={error ? true : undefined}
                        />
                      </div>
                    ))}
                  </div>
                </fieldset>
              );
            })}
          </div>
          <Area
            {...common}
            name="hours_advanced"
            label="Opening hours, advanced (optional)"
            rows={2}
            maxLength={1000}
            hint="For hours the table cannot show, for example “Mo-Fr 09:00-17:00; PH off” or “Tu 18:00-02:00”. See wiki.openstreetmap.org/wiki/Key:opening_hours."
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>
            <h2>Cost and who it is for</h2>
          </legend>
          <Radios
            {...common}
            name="cost.free"
            legend="Is it free?"
            options={[
              ["yes", "Free"],
              ["no", "There is a charge"],
              ["", "Not known"],
            ]}
          />
          <Area {...common} name="cost.details" label="Cost details (optional)" rows={2} maxLength={1000} hint="For example “£2 a session, first one free”." />
          <div className="field-row">
            <Text {...common} name="age.min" label="Youngest age (optional)" narrow inputMode="numeric" maxLength={3} hint="In years. Leave empty for any age." />
            <Text {...common} name="age.max" label="Oldest age (optional)" narrow inputMode="numeric" maxLength={3} hint="In years." />
          </div>
        </fieldset>

        <fieldset className="form-section" aria-describedby={errors.access ? "f-access-error" : undefined}>
          <legend>
            <h2>Accessibility</h2>
          </legend>
          <ErrorText id="f-access-error" error={errors.access} />
          <fieldset className="checks">
            <legend>What it has</legend>
            {ACCESS_FEATURES.map((f, i) => {
              const id = i === 0 ? "f-access" : `f-access-${f}`;
              return (
                <label className="check" key={f} htmlFor={id}>
                  <input type="checkbox" id={id} name="access" value={f} defaultChecked={values.access.includes(f)} />
                  <span>{ACCESS_LABELS[f]}</span>
                </label>
              );
            })}
          </fieldset>
          <Area {...common} name="access_notes" label="Accessibility notes (optional)" rows={3} maxLength={2000} hint="For example “Ramp at the side door; ring the bell”." />
        </fieldset>

        <fieldset className="form-section">
          <legend>
            <h2>Time credits</h2>
          </legend>
          <Area {...common} name="time_credits.earn" label="How people earn time credits here (optional)" rows={2} maxLength={1000} />
          <Area {...common} name="time_credits.spend" label="How people spend time credits here (optional)" rows={2} maxLength={1000} />
        </fieldset>

        <fieldset className="form-section" aria-describedby="cp-hint">
          <legend>
            <h2>Changing Places toilet</h2>
          </legend>
          <Hint id="cp-hint">Only if there is one here: a toilet with a hoist, an adult-sized changing bench and room for two carers.</Hint>
          <div className="field-row">
            <Select
              {...common}
              name="changing_places.hoist"
              label="Hoist"
              narrow
              options={[
                ["", "Not known"],
                ["ceiling_track", "Ceiling track hoist"],
                ["mobile", "Mobile hoist"],
                ["none", "No hoist"],
              ]}
            />
            <Select {...common} name="changing_places.adult_bench" label="Adult-sized changing bench" narrow options={TRI} />
            <Text {...common} name="changing_places.room_size_m2" label="Room size in square metres" narrow inputMode="decimal" maxLength={10} />
          </div>
          <div className="field-row">
            <Select {...common} name="changing_places.peninsular_wc" label="Peninsular toilet (space both sides)" narrow options={TRI} />
            <Select {...common} name="changing_places.radar_key" label="Needs a RADAR key" narrow options={TRI} />
          </div>
          <Text
            {...common}
            name="changing_places.opening_hours"
            label="Changing Places toilet hours (optional)"
            maxLength={500}
            hint="Only if different from the place’s hours, in OpenStreetMap form, for example “Mo-Su 09:00-17:00”."
          />
          <Area {...common} name="changing_places.notes" label="Changing Places notes (optional)" rows={2} maxLength={1000} />
        </fieldset>

        <fieldset className="form-section">
          <legend>
            <h2>Contact and getting there</h2>
          </legend>
          <Text {...common} name="phone" label="Phone (optional)" type="tel" narrow maxLength={50} inputMode="tel" />
          <Text {...common} name="email" label="Email (optional)" type="email" maxLength={320} inputMode="email" />
          <Text {...common} name="website" label="Website (optional)" maxLength={500} inputMode="url" hint="For example www.example.org." />
          <Area
            {...common}
            name="how_to_get_there"
            label="How to get there (optional)"
            rows={3}
            maxLength={2000}
            hint="Buses, trams, parking, which door to use."
          />
        </fieldset>

        <div className="form-actions">
          <button type="submit">{submitLabel}</button>
          <a href={cancelHref}>Cancel</a>
        </div>
      </Form>
    </>
  );
}

