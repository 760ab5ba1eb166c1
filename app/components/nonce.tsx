// The per-request CSP nonce (app/entry.server.tsx makes it) for the inline scripts Remix writes.
// In the browser there is none: the scripts are already in the page.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
