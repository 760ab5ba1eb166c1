// A labelled <select> with a hint and an error, matching TextField in forms.tsx (ids are
// f-<name> with dots as dashes, so the error summary can link to it). Works without JavaScript.
import type { ReactNode } from "react";
import { Field, fieldIds } from "./forms";

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
  const { id, describedBy } = fieldIds(name, hint, error);
  return (
    <Field id={id} label={label} hint={hint} error={error} narrow={narrow}>
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
    </Field>
  );
}
