import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { emailSchema } from "~/core/account";
import { requestPasswordReset } from "~/features/accounts/password-reset.server";
import { clientIp } from "~/server/client-ip.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { publicBaseUrl } from "~/server/public-url.server";
import { LIMITS, enforce } from "~/server/rate-limit.server";
import { CsrfField, ErrorSummary, Honeypot, TextField } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Reset your password — Real Wealth" }];

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const form = await readForm(request, { honeypot: true });
    const email = emailSchema.safeParse(str(form, "email"));
    if (!email.success) throw new ApiError(400, "invalid_input", "Please check the form.", { email: email.error.issues[0].message });
    enforce(`reset:ip:${clientIp(context)}`, LIMITS.resetPerIp, "password reset requests");
    await requestPasswordReset(await getContext(), email.data, publicBaseUrl(request));
    return json({ sent: true, errors: null });
  });
}

export default function ResetRequest() {
  const data = useActionData<{ sent?: boolean; errors?: Record<string, string> | null }>();
  if (data?.sent) {
    return (
      <div className="narrow-form">
        <h1>Check your email</h1>
        <p role="status">If there is an account with that email address, we have sent it a link to choose a new password. The link works for 2 hours.</p>
      </div>
    );
  }
  return (
    <div className="narrow-form">
      <h1>Reset your password</h1>
      <p>Enter the email address you signed up with. We will send you a link to choose a new password.</p>
      <ErrorSummary errors={data?.errors} labels={{ email: "Email address" }} />
      <Form method="post" noValidate>
        <CsrfField />
        <Honeypot />
        <TextField name="email" label="Email address" type="email" autoComplete="email" error={data?.errors?.email} required maxLength={320} />
        <button type="submit">Send me a link</button>
      </Form>
    </div>
  );
}
