// What main.ts hands each page: the server's facts, who is signed in, the shared
// period/unit, and the page's view. Types only, so pages can depend on it without
// depending on main.ts.
import type { Info, Me } from './api';
import type { Scope } from './ui';

export interface Context {
  info: Info;
  me: Me; // who is signed in (and how the server signs in), for what the page offers
  scope: Scope;
  id: string | undefined;
  // Changes the shared period/unit (and, for pages with one, the subject id).
  go: (page: string, scope: Partial<Scope>, id?: string) => void;
  main: HTMLElement; // the page's view inside <main>
  // Re-reads the server's facts (after an import the data version changes).
  refreshInfo: () => Promise<void>;
}
