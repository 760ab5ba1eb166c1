// /admin/users (admins only): every account with its role and status; invite someone by email
// with a role (the link goes out through the mailer: the server log by default); change a role;
// disable or enable an account (disabling signs them out everywhere); sign a user out of every
// session.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ROLES } from "~/core/access-policy";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { PRIVATE } from "~/server/http.server";
import { formAction } from "~/server/page-actions.server";
import { publicBaseUrl } from "~/server/public-url.server";
import { invite, listUsers, pendingInvitations, setDisabled, setRole, signOutEverywhere } from "~/features/accounts/users.server";
import { CsrfField, ErrorSummary, TextField } from "~/components/forms";
import { SelectField } from "~/components/SelectField";
import { formatDateTime } from "~/components/dates";

export const meta: MetaFunction = () => [{ title: "Users — Real Wealth" }];

export const headers: HeadersFunction = () => PRIVATE;

const ROLE_LABELS: Record<string, string> = { member: "Member", connector: "Connector", admin: "Admin" };

const DONE: Record<string, string> = {
  invited: "Invitation sent. The link is in the server log (or the mailer's outbox).",
  role: "Role changed. It applies from their next page.",
  disabled: "Account disabled and signed out everywhere.",
  enabled: "Account enabled. They can sign in again.",
  signed_out: "Signed out of every session.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requirePageUser(request, "user:manage");
  const { db } = await getContext();
  return json({ me: me.id, users: await listUsers(db), invitations: await pendingInvitations(db) }, { headers: PRIVATE });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePageUser(request, "user:manage");
  const values: Record<string, string> = {};
  return formAction(async () => {
    const form = await readForm(request);
    const ctx = await getContext();
    const intent = str(form, "intent");
    const id = str(form, "id");
    values.id = id;
    if (intent === "invite") {
      values.email = str(form, "email");
      values.role = str(form, "role");
      await invite(ctx, admin, values.email, values.role, publicBaseUrl(request));
      return redirect("/admin/users?done=invited");
    }
    if (intent === "role") {
      await setRole(ctx.db, admin, id, str(form, "role"));
      return redirect("/admin/users?done=role");
    }
    if (intent === "disable" || intent === "enable") {
      await setDisabled(ctx.db, admin, id, intent === "disable");
      return redirect(`/admin/users?done=${intent}d`);
    }
    if (intent === "sign_out") {
      await signOutEverywhere(ctx.db, admin, id);
      return redirect("/admin/users?done=signed_out");
    }
    return json({ errors: { _: "Choose an action." }, values }, { status: 400 });
  }, values);
}

export default function AdminUsers() {
  const { me, users, invitations } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const errors = data?.errors;
  const inviteErrors = data?.values?.id ? undefined : errors;
  const rowError = data?.values?.id ? data.values.id : null;
  return (
    <div>
      <h1>Users</h1>
      {done && DONE[done] ? (
        <div className="notice" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      {errors && rowError ? <ErrorSummary errors={errors} /> : null}

      <h2>Invite someone</h2>
      <ErrorSummary errors={inviteErrors} labels={{ email: "Email address", role: "Role" }} />
      <Form method="post" noValidate className="search-form">
        <CsrfField />
        <div className="field-row">
          <TextField name="email" label="Email address" type="email" autoComplete="off" error={inviteErrors?.email} defaultValue={data?.values?.email} maxLength={320} required />
          <SelectField
            name="role"
            label="Role"
            error={inviteErrors?.role}
            defaultValue={data?.values?.role || "connector"}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            narrow
          />
          <div className="field narrow">
            <button type="submit" name="intent" value="invite">
              Send invitation
            </button>
          </div>
        </div>
        <p className="hint">They get a link to create their account with this role. It works for 14 days.</p>
      </Form>
      {invitations.length ? (
        <>
          <h3>Invitations not yet used</h3>
          <ul>
            {invitations.map((i) => (
              <li key={`${i.email}-${i.created_at}`}>
                {i.email} as {ROLE_LABELS[i.role] ?? i.role}, sent {formatDateTime(i.created_at)}
                {i.invited_by ? ` by ${i.invited_by}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Accounts ({users.length})</h2>
      <table className="hours-table users-table">
        <caption className="visually-hidden">Every account, with its role and status</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const who = u.name ? `${u.name} (${u.email})` : u.email;
            const self = u.id === me;
            return (
              <tr key={u.id}>
                <th scope="row">
                  {u.name ? (
                    <>
                      {u.name}
                      <br />
                    </>
                  ) : null}
                  <span>{u.email}</span>
                  {self ? " (you)" : ""}
                </th>
                <td>
                  {self ? (
                    ROLE_LABELS[u.role]
                  ) : (
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="id" value={u.id} />
                      <label htmlFor={`role-${u.id}`} className="visually-hidden">
                        Role of {who}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" name="intent" value="role" className="secondary">
                        Change role<span className="visually-hidden"> of {who}</span>
                      </button>
                    </Form>
                  )}
                </td>
                <td>
                  {u.disabled ? "Disabled" : "Active"}
                  <br />
                  <span className="hint">
                    {u.active_sessions} signed-in {u.active_sessions === 1 ? "session" : "sessions"}
                    {u.last_seen_at ? `; last seen ${formatDateTime(u.last_seen_at)}` : ""}
                  </span>
                </td>
                <td>
                  <div className="form-actions">
                    {self ? null : (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="id" value={u.id} />
                        <button type="submit" name="intent" value={u.disabled ? "enable" : "disable"} className="secondary">
                          {u.disabled ? "Enable" : "Disable"}
                          <span className="visually-hidden"> {who}</span>
                        </button>
                      </Form>
                    )}
                    {u.active_sessions > 0 ? (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="id" value={u.id} />
                        <button type="submit" name="intent" value="sign_out" className="secondary">
                          Sign out everywhere<span className="visually-hidden"> ({who})</span>
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
