// Cache-Control for people who are signed in (issue 16, defect 8): every answer to a request that
// carries a session cookie, or that sets one, is `private, no-store` unless its route chose a
// Cache-Control itself. Every page then shows the person's name in the header, and most of them
// (profiles, plans, users, suggestions, revisions) show other people's emails; neither a shared
// cache nor the browser's disk should keep them. Public answers (search, HSDS, photos) keep theirs.
import type { RequestHandler } from "express";

const SESSION_COOKIE = /(?:^|;\s*)rw_session=/;

export const privateWhenSignedIn: RequestHandler = (req, res, next) => {
  const signedIn = SESSION_COOKIE.test(req.headers.cookie ?? "");
  const writeHead = res.writeHead;
  // Headers are final only when the response starts; routes set theirs before that.
  res.writeHead = function (this: typeof res, ...args: unknown[]) {
    if (!res.hasHeader("Cache-Control")) {
      const setCookie = res.getHeader("Set-Cookie");
      const setsSession = [setCookie ?? []].flat().some((c) => /^rw_session=/.test(String(c)));
      if (signedIn || setsSession) res.setHeader("Cache-Control", "private, no-store");
    }
    return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
  } as typeof res.writeHead;
  next();
};
