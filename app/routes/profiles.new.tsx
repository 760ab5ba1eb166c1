// /profiles/new: a member makes their profile; a connector makes one with someone (their consent
// recorded: who, how, when).
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import plansStyles from "~/components/plans.css";
import { ProfileForm } from "~/components/ProfileForm";
import { can } from "~/core/access-policy";
import { parseProfileForm } from "~/core/profile";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction, pageError } from "~/server/page-actions.server";
import { plansOf } from "~/features/plans/plans.server";
import { makeProfile } from "~/features/profiles/profiles.server";
import { publicBaseUrl } from "~/server/public-url.server";
import { json } from "@remix-run/node";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: plansStyles }];
export const meta: MetaFunction = () => [{ title: "Make a profile — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  return { assist: can(user.role, "profile:assist") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePageUser(request);
  const form = await readForm(request).catch(pageError);
  const parsed = parseProfileForm(form);
  const extra = { owner_email: str(form, "owner_email"), consent_by: str(form, "consent_by"), consent_how: str(form, "consent_how") };
  if (!parsed.ok) return json({ errors: parsed.errors, values: { ...parsed.values, ...extra } }, { status: 400 });
  const { db } = await getContext();
  return formAction(async () => {
    const p = await makeProfile(
      db,
      user,
      {
        name: parsed.name,
        data: parsed.data,
        ownerEmail: extra.owner_email || undefined,
        consent: extra.owner_email ? { by: extra.consent_by, how: extra.consent_how || "in_person" } : undefined,
      },
      publicBaseUrl(request),
    );
    const plan = (await plansOf(db, p.id))[0];
    throw redirect(plan ? `/plans/${plan.id}?created=1` : `/profiles/${p.id}`, 303);
  }, { ...parsed.data, display_name: parsed.name, ...extra });
}

export default function NewProfile() {
  const { assist } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, unknown> }>();
  return (
    <div>
      <p className="breadcrumb">
        <a href="/profiles">Profiles and plans</a>
      </p>
      <h1>{assist ? "Make a profile" : "Make your profile"}</h1>
      <ProfileForm values={data?.values as never} errors={data?.errors} onBehalf={assist} submitLabel="Save profile and start a plan" />
    </div>
  );
}
