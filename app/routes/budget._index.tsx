import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { currentUser } from "~/server/auth.server";
import { latestPublished } from "~/features/budget/budget-versions.server";
import { getContext } from "~/server/context.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction = () => [{ title: "Budget calculator — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await getContext();
  const user = await currentUser(request);
  const adult = await latestPublished(db, "adult");
  const child = await latestPublished(db, "child");
  return { adult: { id: adult.id, title: adult.config.title }, child: { id: child.id, title: child.config.title }, signedIn: !!user, note: adult.config.note };
}

export default function BudgetIndex() {
  const d = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Budget calculator</h1>
      <p className="lead">
        Answer a few questions about the support you need. The calculator shows an indicative personal budget — a starting
        point for planning — with all the working shown, so you can check every step.
      </p>
      <p>
        Community groups and services for everyone come first. A personal budget is there for what they cannot do. You can
        answer on your own or with your connector.
      </p>
      <p className="notice">{d.note}</p>
      <h2>Choose a questionnaire</h2>
      <ul>
        <li>
          <a href="/budget/child">{d.child.title}</a> (for a disabled child and their family; version {d.child.id})
        </li>
        <li>
          <a href="/budget/adult">{d.adult.title}</a> (for an adult; version {d.adult.id})
        </li>
      </ul>
      {d.signedIn ? (
        <p>
          <a href="/budget/saved">Saved budgets</a>
        </p>
      ) : (
        <p>
          You do not need an account. <a href="/signin?next=/budget">Sign in</a> if you want to save a budget.
        </p>
      )}
    </div>
  );
}
