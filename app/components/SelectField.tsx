// A labelled <select> with a hint and an error, matching TextField in forms.tsx (ids are
// f-<name> with dots as dashes, so the error summary can link to it). Works without JavaScript.
import type { ReactNode } from "react";

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  error,
  options,
  defaultValue,
  required,
  narrow,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  options: SelectOption[];
  defaultValue?: string | null;
  required?: boolean;
  narrow?: boolean;
}) {
  const id = `f-${name.replace(/\./g, "-")}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
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
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
