// What the signed-in user may do (issue 13), so that the pages offer only what the
// server will accept; the server checks every change again and has the last word.
//   admin, controller   import (and supersede) and comment on every unit
//   unit_manager        comments on the units of its subtrees: its units and below
//   reader              reads only
//   admin alone         the audit log, purging batches from the trash for good
// A server without accounts (sign_in 'none') serves a folder: nobody writes there.
import type { Me, Role, Unit } from './api';
import { t } from './i18n';
import type { CommentAccess } from './ui';

const importers: Role[] = ['admin', 'controller'];
const commentEverywhere: Role[] = ['admin', 'controller'];

export function isAdmin(me: Me): boolean {
  return me.user?.role === 'admin';
}

// Issuing the board report, removing and restoring batches: as importing.
export function mayIssue(me: Me): boolean {
  return mayImport(me);
}

export function mayImport(me: Me): boolean {
  return me.user !== null && importers.includes(me.user.role);
}

// May the user write the analysis of `unit`? `units` is the tree the page shows (each
// unit with its parent); a unit manager's unit is one of its own or lies below one.
export function mayComment(me: Me, unit: string, units: Unit[]): boolean {
  const user = me.user;
  if (!user) return false;
  if (commentEverywhere.includes(user.role)) return true;
  if (user.role !== 'unit_manager') return false;
  const parent = new Map(units.map((u) => [u.id, u.parent]));
  const own = new Set(user.units);
  // The walk up ends at the root; `seen` guards against a tree that loops.
  const seen = new Set<string>();
  for (let u: string | null | undefined = unit; u && !seen.has(u); u = parent.get(u)) {
    if (own.has(u)) return true;
    seen.add(u);
  }
  return false;
}

// What a comment box offers the user for `unit`: the form, or a sentence saying why not.
export function commentAccess(me: Me, unit: string, units: Unit[]): CommentAccess {
  if (mayComment(me, unit, units)) return { mayWrite: true };
  if (me.user?.role === 'reader') return { mayWrite: false, note: t('commentReaderOnly') };
  if (me.user?.role === 'unit_manager') return { mayWrite: false, note: t('commentOtherUnit') };
  return { mayWrite: false };
}
