// Accessible form pieces: labelled fields with hints and errors, an error summary, the CSRF
// field and the honeypot. They work without JavaScript.
import type { ReactNode } from "react";
import { useRootData } from "~/root";

export function CsrfField() {
  const root = useRootData();
  return <input type="hidden" name="csrf" value={root?.csrf ?? ""} />;
}

/** Hidden from people (and screen readers); bots that fill every field are refused. */
export function Honeypot() {
  return (
    <div aria-hidden="true" className="honeypot">
      <label htmlFor="website_url">Leave this empty</label>
      <input type="text" id="website_url" name="website_url" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/**
 * With JavaScript, move focus to the field without changing the URL: a hash change would make the
 * router load the page again and lose the errors and what was typed. Without JavaScript the
 * link works as a normal in-page link.
 */
export function focusField(e: React.MouseEvent<HTMLAnchorElement>) {
  const id = e.currentTarget.getAttribute("href")?.slice(1);
  const el = id ? document.getElementById(id) : null;
  if (!el) return;
  e.preventDefault();
  el.scrollIntoView({ block: "center" });
  (el as HTMLElement).focus();
}

export function ErrorSummary({ errors, labels = {} }: { errors?: Record<string, string> | null; labels?: Record<string, string> }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {Object.entries(errors).map(([k, v]) => (
          <li key={k}>
            {k === "_" ? v : <a href={`#f-${k.replace(/\./g, "-")}`} onClick={focusField}>{`${labels[k] ?? k}: ${v}`}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  type?: string;
  defaultValue?: string | number | null;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  inputMode?: "text" | "numeric" | "decimal" | "email" | "tel" | "url";
  narrow?: boolean;
}

/** The field's id (f-<name>, dots as dashes: the error summary links to it) and its aria-describedby. */
export function fieldIds(name: string, hint?: ReactNode, error?: string): { id: string; describedBy: string | undefined } {
  const id = `f-${name.replace(/\./g, "-")}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return { id, describedBy };
}

/** The label, hint and error around one control (an input, a select, a textarea). */
export function Field({ id, label, hint, error, narrow, children }: { id: string; label: string; hint?: ReactNode; error?: string; narrow?: boolean; children: ReactNode }) {
  return (
    <div className={`field${narrow ? " narrow" : ""}${error ? " field-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({ name, label, hint, error, type = "text", defaultValue, autoComplete, required, maxLength, inputMode, narrow }: FieldProps) {
  const { id, describedBy } = fieldIds(name, hint, error);
  return (
    <Field id={id} label={label} hint={hint} error={error} narrow={narrow}>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        autoComplete={autoComplete}
        required={required}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        maxLength={maxLength}
        inputMode={inputMode}
      />
    </Field>
  );
}

export function TextArea({ name, label, hint, error, defaultValue, maxLength, rows = 5 }: FieldProps & { rows?: number }) {
  const { id, describedBy } = fieldIds(name, hint, error);
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={name} rows={rows} defaultValue={defaultValue ?? undefined} maxLength={maxLength} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
    </Field>
  );
}
