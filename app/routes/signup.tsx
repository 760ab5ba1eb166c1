import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PASSWORD_MIN } from "~/core/account";
import { invitationFor } from "~/features/accounts/invitations.server";
import { signUp } from "~/features/accounts/sign-up.server";
import { clientIp } from "~/server/client-ip.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { publicBaseUrl } from "~/server/public-url.server";
import { LIMITS, enforce } from "~/server/rate-limit.server";
import { CsrfField, ErrorSummary, Honeypot, TextField } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Create an account — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const invite = new URL(request.url).searchParams.get("invite");
  const invitation = invite ? await invitationFor(await getContext(), invite) : null;
  return json({ invite, invitation, inviteInvalid: !!invite && !invitation });
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Filled in once the form is read; formAction returns it with any error so nothing typed is lost.
  const values: Record<string, string> = {};
  return formAction(async () => {
    const form = await readForm(request, { honeypot: true });
    Object.assign(values, { email: str(form, "email"), name: str(form, "name") });
    enforce(`signup:ip:${clientIp(context)}`, LIMITS.signUpPerIp, "new accounts from here");
    const result = await signUp(
      await getContext(),
      request,
      { email: str(form, "email"), name: str(form, "name"), password: str(form, "password"), confirm: str(form, "confirm"), invite: str(form, "invite") || undefined },
      publicBaseUrl(request),
    );
    if (result.signedIn) return redirect("/", { headers: { "Set-Cookie": result.setCookie } });
    // The same answer whether or not the address already had an account.
    return json({ sent: result.email, errors: null, values: null });
  }, values);
}

export default function SignUp() {
  const { invite, invitation, inviteInvalid } = useLoaderData<typeof loader>();
  const data = useActionData<{ sent?: string; errors?: Record<string, string> | null; values?: Record<string, string> | null }>();
  const errors = data?.errors ?? undefined;
  if (data?.sent) {
    return (
      <div className="narrow-form">
        <h1>Check your email</h1>
        <p role="status">We have sent a message to {data.sent} about your account. It says what to do next.</p>
        <p>
          <a href="/signin">Sign in</a>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow-form">
      <h1>Create an account</h1>
      {invitation ? (
        <p className="notice">
          You have been invited as a <strong>{invitation.role}</strong>. Use {invitation.email}.
        </p>
      ) : null}
      {inviteInvalid ? <p className="notice">This invitation has expired or was already used. You can still create an ordinary account.</p> : null}
      <ErrorSummary errors={errors} labels={{ email: "Email address", name: "Your name", password: "Password", confirm: "Password again", invite: "Invitation" }} />
      <Form method="post" noValidate>
        <CsrfField />
        <Honeypot />
        {invitation && invite ? <input type="hidden" name="invite" value={invite} /> : null}
        <TextField name="name" label="Your name" hint="How we address you. Optional." autoComplete="name" error={errors?.name} defaultValue={data?.values?.name} maxLength={100} />
        <TextField
          name="email"
          label="Email address"
          type="email"
          autoComplete="email"
          error={errors?.email}
          defaultValue={data?.values?.email ?? invitation?.email}
          required
          maxLength={320}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          hint={`At least ${PASSWORD_MIN} characters. A few words you will remember works well.`}
          autoComplete="new-password"
          error={errors?.password}
          required
          maxLength={200}
        />
        <TextField name="confirm" label="Password again" type="password" autoComplete="new-password" error={errors?.confirm} required maxLength={200} />
        <button type="submit">Create account</button>
      </Form>
      <p>
        Already have an account? <a href="/signin">Sign in</a>.
      </p>
    </div>
  );
}
