import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PASSWORD_MIN } from "~/core/account";
import { resetPassword, resetTokenValid } from "~/features/accounts/password-reset.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { CsrfField, ErrorSummary, TextField } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Choose a new password — Real Wealth" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return json({ valid: await resetTokenValid(await getContext(), params.token ?? "") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const form = await readForm(request);
    await resetPassword(await getContext(), params.token ?? "", str(form, "password"), str(form, "confirm"));
    return redirect("/signin?reset=1");
  });
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  if (!valid) {
    return (
      <div className="narrow-form">
        <h1>This link does not work any more</h1>
        <p>
          It has expired or was already used. <a href="/reset-password">Ask for a new link</a>.
        </p>
      </div>
    );
  }
  return (
    <div className="narrow-form">
      <h1>Choose a new password</h1>
      <ErrorSummary errors={data?.errors} labels={{ password: "New password", confirm: "New password again" }} />
      <Form method="post" noValidate>
        <CsrfField />
        <TextField name="password" label="New password" type="password" hint={`At least ${PASSWORD_MIN} characters.`} autoComplete="new-password" error={data?.errors?.password} required />
        <TextField name="confirm" label="New password again" type="password" autoComplete="new-password" error={data?.errors?.confirm} required />
        <button type="submit">Save my new password</button>
      </Form>
    </div>
  );
}
