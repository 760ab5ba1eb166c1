// /plans/:id: a plan — members of the household, outcomes in their own words, suggestions for
// each outcome from the matcher (add in one click, with who / when / how much), the plan's
// connections (remove, mark tried / working / not working). Prints well; /plans/:id/export is
// the PDF-ready version. Costs and budget (issue 5): a cost per support line, paid support that
// is not a listing, the person's saved budget to measure against, the totals; and the plan's
// history. Only the person, their linked connectors and admins; others get 404.
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { CsrfField, ErrorSummary, TextField } from "~/components/forms";
import { PlanCostsSection, PlanHistory, type CostActionData } from "~/components/PlanCosts";
import plansStyles from "~/components/plans.css";
import { COST_FIELDS, describeCost } from "~/core/budget";
import { DOMAIN_GROUPS, DOMAIN_TITLES, ITEM_STATUS_LABELS, ITEM_STATUSES, itemFormSchema, outcomeFormSchema, type ItemStatus } from "~/core/profile";
import { ACCESS_LABELS, KIND_LABELS, type AccessFeature } from "~/core/taxonomy";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { addItem, removeItem, setItemStatus } from "~/features/plans/items.server";
import { addMember, addOutcome, removeOutcome } from "~/features/plans/outcomes.server";
import { planHistory } from "~/features/plans/history.server";
import { defaultQuadrant, getPlanFor } from "~/features/plans/plans.server";
import { planSuggestions } from "~/features/plans/suggestions.server";
import { canSeeBudget } from "~/features/profiles/people-worked-with.server";
import { PRIVATE } from "~/server/http.server";
import { pageError } from "~/server/page-actions.server";
import { getAsset } from "~/features/assets/public-asset.server";
import { ApiError } from "~/server/errors";
import { addOwnItem, budgetChoices, chooseBudget, chosenBudget, planCosts, setItemCost } from "~/features/plans/plan-costs.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: budgetStyles },
  { rel: "stylesheet", href: plansStyles },
];
/** Personal data: never kept by a shared cache or the browser (decision 0031). */
export const headers: HeadersFunction = () => PRIVATE;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.title ?? "Plan"} — Real Wealth` }];

const PER_OUTCOME = 5;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const ctx = await getContext();
  let found;
  try {
    found = await getPlanFor(ctx.db, user, params.id!);
  } catch (e) {
    pageError(e);
  }
  const { plan, profile } = found;
  const match = plan.outcomes.length ? await planSuggestions(ctx, plan, profile) : null;
  const costs = await planCosts(ctx.db, plan, profile);
  const chosen = await chosenBudget(ctx.db, plan, profile);
  return json(
    {
      plan,
      costs,
      costItems: plan.items.map((i) => ({ id: i.id, asset_id: i.asset_id, asset_name: i.asset_name, cost: i.cost, default_quadrant: defaultQuadrant(i) })),
      budgets: await budgetChoices(ctx.db, user, profile),
      budgetLink: chosen && (await canSeeBudget(ctx.db, user, chosen)) ? `/budget/saved/${chosen.id}` : null,
      viewer: (user.id === profile.user_id ? "person" : user.role === "connector" ? "connector" : "admin") as "person" | "connector" | "admin",
      history: await planHistory(ctx.db, plan.id),
      profile: { id: profile.id, display_name: profile.display_name, postcode: profile.data.postcode, max_travel_km: profile.data.max_travel_km, access_needs: profile.data.access_needs },
      suggestions: match ? Object.fromEntries(match.outcomes.map((o) => [o.id, { list: o.suggestions.slice(0, PER_OUTCOME), empty: o.empty_reason ?? null }])) : {},
      contribute: match?.contribute ?? [],
      created: new URL(request.url).searchParams.get("created") === "1",
    },
    { headers: PRIVATE },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request);
  const form = await readForm(request).catch(pageError);
  const { db } = await getContext();
  const id = params.id!;
  try {
    await getPlanFor(db, user, id);
  } catch (e) {
    pageError(e);
  }
  const intent = str(form, "intent");
  const back = (hash = "") => redirect(`/plans/${id}${hash}`, 303);
  /** Bad input for a costs form: 400 with the fields named and what was typed; nothing saved. */
  const costForm = async (name: string, fn: () => unknown) => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const values: Record<string, string> = {};
        for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "csrf") values[k] = v;
        return json({ errors: e.fields ?? { _: e.message }, form: name, values }, { status: 400 });
      }
      throw e;
    }
    return null;
  };
  const costValues = () => Object.fromEntries(COST_FIELDS.map((f) => [f, str(form, f)]));
  switch (intent) {
    case "set_cost": {
      const itemId = str(form, "item_id");
      const bad = await costForm(`cost:${itemId}`, () => setItemCost(db, user, id, itemId, costValues()));
      if (bad) return bad;
      throw back("#costs");
    }
    case "add_own_item": {
      const bad = await costForm("own", () => addOwnItem(db, user, id, { ...costValues(), outcome_id: str(form, "outcome_id"), who: str(form, "who"), when_text: str(form, "when_text") }));
      if (bad) return bad;
      throw back("#costs");
    }
    case "choose_budget": {
      const bad = await costForm("budget", () => chooseBudget(db, user, id, str(form, "budget_id")));
      if (bad) return bad;
      throw back("#costs");
    }
    case "add_member": {
      const name = str(form, "name").trim().slice(0, 80);
      if (!name) return json({ errors: { name: "Enter the person's name" }, form: "member" }, { status: 400 });
      const ageText = str(form, "age").trim();
      const age = ageText === "" ? null : Number(ageText);
      if (age !== null && (!Number.isInteger(age) || age < 0 || age > 120)) return json({ errors: { age: "Enter an age from 0 to 120, or leave it empty" }, form: "member" }, { status: 400 });
      await addMember(db, user, id, { name, relationship: str(form, "relationship").trim().slice(0, 80), age });
      throw back("#members");
    }
    case "add_outcome": {
      const r = outcomeFormSchema.safeParse({
        statement: str(form, "statement"),
        domain: str(form, "domain"),
        priority: str(form, "priority") || "3",
        member_id: str(form, "member_id") || undefined,
      });
      if (!r.success) {
        const errors: Record<string, string> = {};
        for (const i of r.error.issues) errors[String(i.path[0])] ??= i.message;
        return json({ errors, form: "outcome", values: Object.fromEntries(form) }, { status: 400 });
      }
      const oid = await addOutcome(db, user, id, r.data);
      throw back(`#outcome-${oid}`);
    }
    case "remove_outcome":
      await removeOutcome(db, user, id, str(form, "outcome_id"));
      throw back("#outcomes");
    case "add_item": {
      const r = itemFormSchema.safeParse({
        asset_id: str(form, "asset_id"),
        outcome_id: str(form, "outcome_id") || undefined,
        who: str(form, "who"),
        when_text: str(form, "when_text"),
        cost_text: str(form, "cost_text"),
      });
      if (!r.success) return json({ errors: { _: "That suggestion could not be added. Please try again." } }, { status: 400 });
      const asset = await getAsset(db, r.data.asset_id);
      if (!asset) return json({ errors: { _: "That place is no longer listed." } }, { status: 400 });
      await addItem(db, user, id, { ...r.data, asset_name: asset.name });
      throw back("#connections");
    }
    case "remove_item":
      await removeItem(db, user, id, str(form, "item_id"));
      throw back("#connections");
    case "item_status": {
      const status = str(form, "status") as ItemStatus;
      if (!ITEM_STATUSES.includes(status)) return json({ errors: { _: "Choose how it is going" } }, { status: 400 });
      await setItemStatus(db, user, id, str(form, "item_id"), status);
      throw back("#connections");
    }
  }
  return json({ errors: { _: "Unknown action" } }, { status: 400 });
}

function Hidden({ intent, ...rest }: { intent: string } & Record<string, string>) {
  return (
    <>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(rest).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

/** A labelled text input with its own id (the same field appears once per suggestion). */
function SmallField({ name, label, id }: { name: string; label: string; id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="text" maxLength={200} />
    </div>
  );
}

export default function PlanPage() {
  const { plan, profile, suggestions, contribute, created, costs, costItems, budgets, budgetLink, viewer, history } = useLoaderData<typeof loader>();
  const data = useActionData<CostActionData>();
  const memberName = (mid: string | null) => (mid ? plan.members.find((m) => m.id === mid)?.name : null) ?? profile.display_name;
  const outcomeOf = (oid: string | null) => plan.outcomes.find((o) => o.id === oid);
  const inPlan = new Set(plan.items.map((i) => `${i.outcome_id}|${i.asset_id}`));
  const oe = data?.form === "outcome" ? data.errors ?? {} : {};
  const me = data?.form === "member" ? data.errors ?? {} : {};
  return (
    <div className="plan">
      <p className="breadcrumb no-print">
        <a href="/profiles">Profiles and plans</a> › <a href={`/profiles/${profile.id}`}>{profile.display_name}</a>
      </p>
      <h1>{plan.title}</h1>
      {created ? (
        <p className="notice" role="status">
          Profile saved. Now add the outcomes {profile.display_name} wants, in their own words.
        </p>
      ) : null}
      {data?.errors && !data.form ? <ErrorSummary errors={data.errors} /> : null}
      <p>
        Suggestions are within {profile.max_travel_km} km of {profile.postcode}
        {profile.access_needs.length ? ` and meet every access need: ${profile.access_needs.map((a) => ACCESS_LABELS[a as AccessFeature].toLowerCase()).join(", ")}` : ""}. Community and everyday
        options come first.{" "}
        <a href={`/profiles/${profile.id}`} className="no-print">
          Change the profile
        </a>
      </p>
      <p className="no-print">
        <a href={`/plans/${plan.id}/export`}>Printable version (save as PDF)</a>
      </p>

      <h2 id="members">Who this plan is for</h2>
      <ul>
        <li>{profile.display_name}</li>
        {plan.members.map((m) => (
          <li key={m.id}>
            {m.name}
            {m.relationship ? `, ${m.relationship}` : ""}
            {m.age !== null ? `, ${m.age}` : ""}
          </li>
        ))}
      </ul>
      <details className="no-print" open={data?.form === "member"}>
        <summary>Add someone in the household</summary>
        <form method="post">
          <ErrorSummary errors={data?.form === "member" ? data.errors : null} labels={{ name: "Name", age: "Age" }} />
          <Hidden intent="add_member" />
          <TextField name="name" label="Name" error={me.name} />
          <TextField name="relationship" label="Relationship (optional)" hint="For example: daughter, mum, grandmother" />
          <TextField name="age" label="Age (optional)" hint="Places with an age range are checked against this person's own age" inputMode="numeric" narrow error={me.age} />
          <button type="submit" className="button button-secondary">
            Add to household
          </button>
        </form>
      </details>

      <h2 id="outcomes">Outcomes</h2>
      {plan.outcomes.length === 0 ? <p>No outcomes yet. Add the first one below.</p> : null}
      {plan.outcomes.map((o) => {
        const s = suggestions[o.id];
        return (
          <section key={o.id} className="outcome" id={`outcome-${o.id}`} aria-labelledby={`outcome-title-${o.id}`}>
            <h3 id={`outcome-title-${o.id}`}>“{o.statement}”</h3>
            <p>
              {memberName(o.member_id)} · {DOMAIN_TITLES[o.domain]} · priority {o.priority}
            </p>
            <form method="post" className="no-print">
              <Hidden intent="remove_outcome" outcome_id={o.id} />
              <button type="submit" className="link-button">
                Remove outcome “{o.statement}”
              </button>
            </form>
            <h4>Suggested connections</h4>
            {s && s.list.length ? (
              <ol className="suggestions">
                {s.list.map((g) => {
                  const added = inPlan.has(`${o.id}|${g.asset_id}`);
                  return (
                    <li key={g.asset_id} className="suggestion">
                      <h5 className="h4">
                        <a href={`/assets/${g.asset_id}`}>{g.name}</a>
                      </h5>
                      <p>
                        {g.label ? <span className="tag tag-targeted">{g.label}</span> : null}
                        {KIND_LABELS[g.kind]}
                      </p>
                      <ul className="reasons">
                        {g.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                      {added ? (
                        <p>
                          <strong>In the plan.</strong>
                        </p>
                      ) : (
                        <form method="post" className="no-print">
                          <Hidden intent="add_item" asset_id={g.asset_id} outcome_id={o.id} />
                          <details>
                            <summary>
                              Add details (optional): who, when, how much<span className="visually-hidden"> for {g.name}</span>
                            </summary>
                            <SmallField name="who" label="Who will go or help" id={`f-who-${o.id}-${g.asset_id}`} />
                            <SmallField name="when_text" label="When (for example: Saturday mornings)" id={`f-when-${o.id}-${g.asset_id}`} />
                            <SmallField name="cost_text" label="How much, if anything" id={`f-cost-${o.id}-${g.asset_id}`} />
                          </details>
                          <button type="submit" className="button">
                            Add {g.name} to the plan
                          </button>
                        </form>
                      )}
                    </li>
                  );
                })}
              </ol>
            ) : (
              <p>{s?.empty ?? "No suggestions yet."}</p>
            )}
          </section>
        );
      })}
      <details className="no-print" open={data?.form === "outcome" || plan.outcomes.length === 0}>
        <summary>Add an outcome</summary>
        <form method="post">
          <ErrorSummary errors={data?.form === "outcome" ? data.errors : null} labels={{ statement: "Outcome", domain: "Kind of outcome" }} />
          <Hidden intent="add_outcome" />
          <TextField
            name="statement"
            label="The outcome, in their own words"
            hint="For example: getting the rest I need, keeping my friends, getting to the football"
            error={oe.statement}
            defaultValue={data?.values?.statement}
          />
          <div className={`field${oe.domain ? " field-error" : ""}`}>
            <label htmlFor="f-domain">What kind of outcome is it?</label>
            {oe.domain ? (
              <span className="error-message" id="f-domain-error">
                <span className="visually-hidden">Error:</span> {oe.domain}
              </span>
            ) : null}
            <select id="f-domain" name="domain" defaultValue={data?.values?.domain ?? ""} aria-invalid={oe.domain ? true : undefined} aria-describedby={oe.domain ? "f-domain-error" : undefined}>
              <option value="">Choose one</option>
              {DOMAIN_GROUPS.map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.domains.map((d) => (
                    <option key={d} value={d}>
                      {DOMAIN_TITLES[d]}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-member_id">Whose outcome is it?</label>
            <select id="f-member_id" name="member_id" defaultValue="">
              <option value="">{profile.display_name}</option>
              {plan.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-priority">Priority</label>
            <select id="f-priority" name="priority" defaultValue="3">
              <option value="1">1 (most important)</option>
              <option value="2">2</option>
              <option value="3">3</option>
              <option value="4">4</option>
              <option value="5">5 (least important)</option>
            </select>
          </div>
          <button type="submit" className="button">
            Add outcome
          </button>
        </form>
      </details>

      <h2 id="connections">Connections in the plan</h2>
      {plan.items.length ? (
        <div className="table-scroll">
          <table className="plan-items">
            <caption className="visually-hidden">Connections in the plan, with who, when, cost and how it is going</caption>
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">For</th>
                <th scope="col">Who, when, how much</th>
                <th scope="col">How it is going</th>
                <th scope="col" className="no-print">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((i) => {
                const o = outcomeOf(i.outcome_id);
                return (
                  <tr key={i.id}>
                    <td>
                      {i.asset_id ? <a href={`/assets/${i.asset_id}`}>{i.asset_name}</a> : `${i.asset_name} (not a directory listing)`}
                      <br />
                      <small>
                        Added {i.added_at.slice(0, 10)}
                        {i.added_by_name ? ` by ${i.added_by_name}` : ""}
                      </small>
                    </td>
                    <td>{o ? `“${o.statement}”` : "—"}</td>
                    <td>{[i.who, i.when_text, i.cost_text, i.cost ? describeCost(i.cost) : null].filter(Boolean).join("; ") || "—"}</td>
                    <td>
                      <span className="tag tag-status">{ITEM_STATUS_LABELS[i.status]}</span>
                    </td>
                    <td className="no-print">
                      <form method="post" className="inline-form">
                        <Hidden intent="item_status" item_id={i.id} />
                        <label htmlFor={`f-status-${i.id}`} className="visually-hidden">
                          How is {i.asset_name} going?
                        </label>
                        <select id={`f-status-${i.id}`} name="status" defaultValue={i.status}>
                          {ITEM_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {ITEM_STATUS_LABELS[s]}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button-secondary">
                          Save<span className="visually-hidden"> how {i.asset_name} is going</span>
                        </button>
                      </form>
                      <form method="post" className="inline-form">
                        <Hidden intent="remove_item" item_id={i.id} />
                        <button type="submit" className="link-button">
                          Remove<span className="visually-hidden"> {i.asset_name}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Nothing added yet. Add a suggestion from an outcome above.</p>
      )}

      <PlanCostsSection
        summary={costs}
        items={costItems}
        budgets={budgets}
        budgetLink={budgetLink}
        viewer={viewer}
        personName={profile.display_name}
        outcomes={plan.outcomes.map((o) => ({ id: o.id, statement: o.statement }))}
        data={data}
      />

      {contribute.length ? (
        <>
          <h2>Ways to contribute</h2>
          <p>Using {profile.display_name}'s skills and interests to give something back:</p>
          <ul className="suggestions">
            {contribute.map((c) => (
              <li key={c.asset_id} className="suggestion">
                <h3 className="h4">
                  <a href={`/assets/${c.asset_id}`}>{c.name}</a>
                </h3>
                <ul className="reasons">
                  {c.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <PlanHistory history={history} />
    </div>
  );
}
