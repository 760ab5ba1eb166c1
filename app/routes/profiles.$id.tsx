// /profiles/:id: the profile (edit it), who can see it (connectors), plans, download everything
// held as JSON, delete. Only the person, their linked connectors and admins; others get 404.
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField, ErrorSummary, TextField } from "~/components/forms";
import plansStyles from "~/components/plans.css";
import { ProfileForm } from "~/components/ProfileForm";
import { CONSENT_LABELS, parseProfileForm } from "~/core/profile";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction, pageError } from "~/server/page-actions.server";
import { PRIVATE } from "~/server/http.server";
import { publicBaseUrl } from "~/server/public-url.server";
import { createPlan, plansOf } from "~/features/plans/plans.server";
import { linkConnector, unlinkConnector } from "~/features/profiles/connectors.server";
import { canManageProfile, deleteProfile, getProfileFor, updateProfile } from "~/features/profiles/profiles.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: plansStyles }];
/** Personal data: never kept by a shared cache or the browser (decision 0031). */
export const headers: HeadersFunction = () => PRIVATE;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.display_name ?? "Profile"} — Real Wealth` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const { db } = await getContext();
  try {
    const profile = await getProfileFor(db, user, params.id!);
    return json(
      {
        profile,
        plans: await plansOf(db, profile.id),
        isOwner: profile.user_id === user.id,
        canManage: canManageProfile(user, profile),
        me: user.id,
        saved: new URL(request.url).searchParams.get("saved") === "1",
        linked: new URL(request.url).searchParams.get("linked") === "1",
      },
      { headers: PRIVATE },
    );
  } catch (e) {
    pageError(e);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request);
  const form = await readForm(request).catch(pageError);
  const { db } = await getContext();
  const id = params.id!;
  try {
    await getProfileFor(db, user, id);
  } catch (e) {
    pageError(e);
  }
  const intent = str(form, "intent");
  if (intent === "save") {
    const parsed = parseProfileForm(form);
    if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values, form: "profile" }, { status: 400 });
    return formAction(
      async () => {
        await updateProfile(db, user, id, { name: parsed.name, data: parsed.data });
        throw redirect(`/profiles/${id}?saved=1`, 303);
      },
      { ...parsed.data, display_name: parsed.name },
    );
  }
  if (intent === "link") {
    return formAction(async () => {
      await linkConnector(db, user, id, str(form, "connector_email"), new Date(), publicBaseUrl(request));
      // The same answer whether or not the email is a connector's.
      throw redirect(`/profiles/${id}?linked=1#connectors`, 303);
    });
  }
  if (intent === "unlink") {
    const connectorId = str(form, "connector_id");
    return formAction(async () => {
      await unlinkConnector(db, user, id, connectorId);
      // A connector who stepped away can no longer see the profile.
      throw redirect(connectorId === user.id ? "/profiles" : `/profiles/${id}#connectors`, 303);
    });
  }
  if (intent === "new_plan") {
    const planId = await createPlan(db, user, id, str(form, "title").trim().slice(0, 200) || "A new plan");
    throw redirect(`/plans/${planId}`, 303);
  }
  if (intent === "delete") {
    if (str(form, "confirm") !== "yes") return json({ errors: { confirm: "Tick the box to confirm you want to delete the profile" }, form: "delete" }, { status: 400 });
    return formAction(async () => {
      await deleteProfile(db, user, id);
      throw redirect("/profiles?deleted=1", 303);
    });
  }
  return json({ errors: { _: "Unknown action" } }, { status: 400 });
}

export default function ProfilePage() {
  const { profile, plans, isOwner, canManage, me, saved, linked } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, unknown>; form?: string }>();
  const profileErrors = data?.form === "profile" ? data.errors : null;
  const values = data?.form === "profile" && data.values ? data.values : { ...profile.data, display_name: profile.display_name };
  return (
    <div>
      <p className="breadcrumb">
        <a href="/profiles">Profiles and plans</a>
      </p>
      <h1>{profile.display_name}</h1>
      {saved ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {linked ? (
        <p className="notice" role="status">
          If that email belongs to a connector's account, they can now see this profile and we have emailed them. Everyone who can see it is listed under
          "Who can see this profile".
        </p>
      ) : null}
      {data?.errors && !data.form ? <ErrorSummary errors={data.errors} labels={{ connector_email: "Connector's email" }} /> : null}

      <h2>Plans</h2>
      <ul>
        {plans.map((p) => (
          <li key={p.id}>
            <a href={`/plans/${p.id}`}>{p.title}</a>
          </li>
        ))}
      </ul>
      <form method="post" className="inline-form">
        <CsrfField />
        <input type="hidden" name="intent" value="new_plan" />
        <TextField name="title" label="Start another plan (title)" defaultValue="" />
        <button type="submit" className="button button-secondary">
          Start a plan
        </button>
      </form>

      <h2 id="connectors">Who can see this profile</h2>
      <ul>
        <li>{isOwner ? "You" : `${profile.owner_email} (the person)`}</li>
        {profile.connectors.map((c) => (
          <li key={c.id}>
            {c.id === me ? "You" : c.name || c.email} ({c.email}), a connector since {c.created_at.slice(0, 10)}{" "}
            {canManage || c.id === me ? (
              <form method="post" className="inline-form">
                <CsrfField />
                <input type="hidden" name="intent" value="unlink" />
                <input type="hidden" name="connector_id" value={c.id} />
                <button type="submit" className="link-button">
                  {c.id === me ? "Stop working with this profile" : `Remove ${c.name || c.email}`}
                </button>
              </form>
            ) : null}
          </li>
        ))}
        <li>The service's administrators</li>
      </ul>
      {profile.consent_by ? (
        <p>
          Consent to keep this profile was given by {profile.consent_by} ({CONSENT_LABELS[profile.consent_how as keyof typeof CONSENT_LABELS] ?? profile.consent_how}) on{" "}
          {profile.consent_at?.slice(0, 10)}.
        </p>
      ) : null}
      {canManage ? (
        <form method="post" className="inline-form">
          <CsrfField />
          <input type="hidden" name="intent" value="link" />
          <TextField name="connector_email" label="Add a connector you work with (their email)" type="email" error={data?.errors?.connector_email} />
          <button type="submit" className="button button-secondary">
            Add connector
          </button>
        </form>
      ) : (
        <p>{`Only ${profile.display_name} or an administrator can add or remove connectors.`}</p>
      )}

      <h2>Profile</h2>
      <ProfileForm values={values as never} errors={profileErrors} submitLabel="Save changes" />

      <h2>Your information</h2>
      <p>
        <a href={`/profiles/${profile.id}/export`} download>
          Download everything we hold about {isOwner ? "you" : profile.display_name} (JSON)
        </a>
      </p>
      {canManage ? (
        <section className="danger" aria-labelledby="delete-title">
          <h2 id="delete-title">Delete this profile</h2>
          <p>This deletes the profile and every plan, outcome and suggestion in it. It cannot be undone.</p>
          <form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="delete" />
            {data?.form === "delete" && data.errors?.confirm ? (
              <p className="error-message" id="f-confirm-error">
                <span className="visually-hidden">Error:</span> {data.errors.confirm}
              </p>
            ) : null}
            <label className="check" htmlFor="f-confirm">
              <input type="checkbox" id="f-confirm" name="confirm" value="yes" aria-describedby={data?.form === "delete" ? "f-confirm-error" : undefined} /> Yes, delete {profile.display_name}'s
              profile
            </label>
            <p>
              <button type="submit" className="button button-warning">
                Delete profile
              </button>
            </p>
          </form>
        </section>
      ) : (
        <p>{`Only ${profile.display_name} or an administrator can delete this profile.`}</p>
      )}
    </div>
  );
}
