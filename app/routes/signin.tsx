import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { currentUser } from "~/server/auth.server";
import { clientIp } from "~/server/client-ip.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { signIn } from "~/features/accounts/sign-in.server";
import { safeNextPath as safeNext } from "~/core/safe-next";
import { CsrfField, ErrorSummary, TextField } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Sign in — Real Wealth" }];

/** A form asked to wait (429) says how long in Retry-After too, as the API does. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentUser(request)) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const form = await readForm(request);
    const ctx = await getContext();
    const { setCookie } = await signIn(ctx, request, { email: str(form, "email"), password: str(form, "password") }, clientIp(context));
    return redirect(safeNext(str(form, "next")), { headers: { "Set-Cookie": setCookie } });
  });
}

export default function SignIn() {
  const data = useActionData<{ errors?: Record<string, string> }>();
  const [params] = useSearchParams();
  const errors = data?.errors;
  return (
    <div className="narrow-form">
      <h1>Sign in</h1>
      <ErrorSummary errors={errors} labels={{ email: "Email address", password: "Password" }} />
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        <TextField name="email" label="Email address" type="email" autoComplete="email" error={errors?.email} required maxLength={320} />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" error={errors?.password} required maxLength={200} />
        <div className="form-actions">
          <button type="submit">Sign in</button>
          <a href="/reset-password">I have forgotten my password</a>
        </div>
      </Form>
      <p>
        No account yet? <a href="/signup">Create an account</a>.
      </p>
    </div>
  );
}
