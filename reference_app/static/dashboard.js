// The client half of the idle policy. The server is the authority on when a session ends; the page
//  - warns `warning-lead` before the idle timeout ("You will be signed out in 2 minutes") with a "Stay signed
//    in" button that really extends the session on the server (a request that counts as activity);
//  - shows the sign-in screen once the session is over;
//  - before it warns or gives up, asks the server how long is left (without counting as activity), and tells
//    the other open tabs whenever the user was active, so work in one tab keeps every tab signed in;
//  - counts down the durations the server states ("840 s left") and never compares a server timestamp with
//    this browser's clock, so a browser clock that is minutes off does not move the warning.
// It also polls for notifications, which a correct server does not count as activity.
// Three variants plant one client bug each, through data-* attributes: stay-signed-in="page" (the button only
// restarts the page's timer), tabs="own" (each tab keeps its own idle time and asks nobody), counts-down=
// "false" (the deadline is the server's expiry timestamp read on the browser's clock).
(() => {
  "use strict";
  const main = document.getElementById("dashboard");
  if (!main) return;
  const data = main.dataset;
  const ms = (seconds) => Number(seconds) * 1000;
  const lead = ms(data.warningLead);
  const sharedTabs = data.tabs !== "own";
  const extendsOnServer = data.staySignedIn !== "page";
  const countsDown = data.countsDown !== "false";
  const warning = document.getElementById("idle-warning");
  const warningText = document.getElementById("idle-warning-text");
  const csrf = document.querySelector("#logout input[name=csrf_token]").value;
  const tabs = sharedTabs && "BroadcastChannel" in window ? new BroadcastChannel("reference-app-idle") : null;
  let timer = 0;
  let ends = 0; // performance.now() when the session ends, as the server last stated

  const ask = (path, init = {}) => fetch(path, { credentials: "same-origin", cache: "no-store", ...init });
  const signInScreen = () => window.location.assign("/login?reason=expired");
  const expiryCookie = () => {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("session_expires="));
    return cookie ? ms(cookie.slice("session_expires=".length)) : NaN;
  };
  // How long the session has left, in ms from now, from the server's answer.
  const left = (answer) => {
    const absolute = ms(answer.absolute_expires_in);
    if (!countsDown && Number.isFinite(expiryCookie())) return Math.min(expiryCookie() - Date.now(), absolute);
    return Math.min(ms(answer.idle_expires_in), absolute);
  };

  const show = (remaining) => {
    const minutes = Math.max(1, Math.round(remaining / 60000));
    warningText.textContent = `You will be signed out in ${minutes} minute${minutes === 1 ? "" : "s"}`;
    warning.hidden = false;
  };
  // Wait for the next moment that matters: the warning, or the end.
  const plan = (remaining) => {
    clearTimeout(timer);
    ends = performance.now() + remaining;
    if (remaining <= 0) {
      signInScreen();
    } else if (remaining <= lead) {
      show(remaining);
      timer = setTimeout(check, remaining);
    } else {
      warning.hidden = true;
      timer = setTimeout(check, remaining - lead);
    }
  };
  // At that moment, ask the server: the user may have been active in another tab, or elsewhere.
  const check = () => {
    if (!sharedTabs) {
      plan(ends - performance.now());
      return;
    }
    ask("/session/time-left").then((reply) => {
      if (reply.status === 401) signInScreen();
      else if (reply.ok) reply.json().then((answer) => plan(left(answer)));
    }, () => setTimeout(check, 5000));
  };
  // The server counted activity: start over, and tell the other tabs.
  const active = (answer) => {
    plan(left(answer));
    if (tabs) tabs.postMessage(answer);
  };
  if (tabs) tabs.addEventListener("message", (event) => plan(left(event.data)));

  document.getElementById("stay-signed-in").addEventListener("click", () => {
    if (!extendsOnServer) {
      plan(ms(data.idleTimeout));
      return;
    }
    ask("/session/keep-alive", { method: "POST", headers: { "X-CSRF-Token": csrf } }).then((reply) => {
      if (reply.status === 401) signInScreen();
      else if (reply.ok) reply.json().then(active);
    }, () => {});
  });
  setInterval(() => {
    ask("/api/notifications").then((reply) => { if (reply.status === 401) signInScreen(); }, () => {});
  }, ms(data.pollInterval));
  active({ idle_expires_in: data.idleExpiresIn, absolute_expires_in: data.absoluteExpiresIn });
})();
