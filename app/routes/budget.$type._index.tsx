// The questionnaire: one page, a radio group per question, a GET form (works without JavaScript).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { QuestionnaireForm } from "~/components/budget";
import { isQuestionnaireType, latestPublished } from "~/features/budget/budget-versions.server";
import { getContext } from "~/server/context.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.config.title ?? "Questionnaire"} — Budget calculator — Real Wealth` }];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const type = params.type;
  if (!isQuestionnaireType(type)) throw new Response("There is no such questionnaire. Choose adult or child.", { status: 404 });
  const { db } = await getContext();
  const v = await latestPublished(db, type);
  const q = new URL(request.url).searchParams;
  const answers: Record<string, string> = {};
  const informal: Record<string, string> = {};
  for (const [k, val] of q.entries()) {
    if (k.startsWith("a.")) answers[k.slice(2)] = val;
    else if (k.startsWith("i.")) informal[k.slice(2)] = val;
  }
  return { type, versionId: v.id, config: v.config, values: { answers, informal_support: informal } };
}

export default function Questionnaire() {
  const d = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb">
        <a href="/budget">Budget calculator</a>
      </p>
      <h1>{d.config.title}</h1>
      <p className="lead">
        {d.type === "child"
          ? "Answer each question about your child and your family. Think about a typical week. There are no right or wrong answers."
          : "Answer each question about the support you need. Think about a typical week. There are no right or wrong answers."}
      </p>
      <p>
        For each outcome we also ask whether family or friends help now. That is shown in the result, next to the points; it
        is never taken off without you seeing it. Version {d.versionId}. {d.config.note}
      </p>
      <QuestionnaireForm config={d.config} versionId={d.versionId} action={`/budget/${d.type}/result`} values={d.values} />
    </div>
  );
}
