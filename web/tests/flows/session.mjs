// What the flows share to act as a signed-in user: switching user through the sign-in
// page, and a POST sent from inside the page as its own script sends one.

// Signs out and in again as `user` through the sign-in page, landing on `hash`.
export async function switchUser(page, base, h, user, hash) {
  await h.signOut(page);
  await h.go(page, base, `#/logga-in?next=${encodeURIComponent(hash)}`);
  await h.signInAs(page, user);
}

// A POST from inside the page with the session's CSRF token, as the page's own script.
export async function postFromPage(page, route, body) {
  return page.evaluate(async ([r, b]) => {
    const me = await (await fetch('/api/me?lang=sv')).json();
    const res = await fetch(`/api/${r}?lang=sv`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token ?? '' },
      body: JSON.stringify(b),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, [route, body]);
}
