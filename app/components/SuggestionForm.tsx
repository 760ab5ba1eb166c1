// The public suggestion form: a new listing (/suggest) or a correction to one
// (/assets/:id/suggest). Short, plain English, CSRF and honeypot, works without JavaScript.
import { Form } from "@remix-run/react";
import { SUGGESTION_LIMITS } from "~/core/suggestion";
import { CsrfField, ErrorSummary, Honeypot, TextArea, TextField } from "./forms";

export const SUGGESTION_LABELS_NEW: Record<string, string> = {
  message: "What is it?",
  name: "Name",
  postcode: "Postcode",
  when: "When is it on or open?",
  contact_email: "Your email address",
};

export const SUGGESTION_LABELS_CORRECTION: Record<string, string> = {
  message: "What is wrong?",
  name: "The right name",
  postcode: "The right postcode",
  when: "The right days and times",
  contact_email: "Your email address",
};

export function SuggestionForm({
  mode,
  errors,
  values,
}: {
  mode: "new" | "correction";
  errors?: Record<string, string> | null;
  values?: Record<string, string> | null;
}) {
  const labels = mode === "new" ? SUGGESTION_LABELS_NEW : SUGGESTION_LABELS_CORRECTION;
  const v = values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate className="narrow-form">
        <CsrfField />
        <Honeypot />
        <TextArea
          name="message"
          label={labels.message}
          hint={
            mode === "new"
              ? "Tell us what happens there and who it is for. For example: a knit and natter group for anyone who wants company."
              : "For example: it has moved, it has closed, the phone number or the times have changed."
          }
          error={errors?.message}
          defaultValue={v.message}
          maxLength={SUGGESTION_LIMITS.message}
          required
        />
        <TextField
          name="name"
          label={mode === "new" ? labels.name : `${labels.name} (optional)`}
          hint={mode === "new" ? "What it is called." : "Only if the name is wrong."}
          error={errors?.name}
          defaultValue={v.name}
          maxLength={SUGGESTION_LIMITS.name}
          required={mode === "new"}
        />
        <TextField
          name="postcode"
          label={`${labels.postcode} (optional)`}
          hint={mode === "new" ? "Where it is, for example M33 7XX. A district such as M33 is fine if you do not know it." : "Only if it has moved."}
          error={errors?.postcode}
          defaultValue={v.postcode}
          maxLength={20}
          autoComplete="off"
          narrow
        />
        <TextField
          name="when"
          label={`${labels.when} (optional)`}
          hint={mode === "new" ? "For example: Tuesdays 10am to 12pm." : "Only if the times are wrong. For example: Monday to Friday 9am to 5pm."}
          error={errors?.when}
          defaultValue={v.when}
          maxLength={SUGGESTION_LIMITS.when}
        />
        <TextField
          name="contact_email"
          label={`${labels.contact_email} (optional)`}
          hint="Only if you are happy for a connector to contact you about this. We will not show it to anyone else."
          error={errors?.contact_email}
          type="email"
          autoComplete="email"
          defaultValue={v.contact_email}
          maxLength={SUGGESTION_LIMITS.email}
        />
        <p>A connector will check what you send before anything changes in the directory.</p>
        <div className="form-actions">
          <button type="submit">Send suggestion</button>
        </div>
      </Form>
    </>
  );
}
