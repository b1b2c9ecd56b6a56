// The client half of the idle policy: warn `warning-lead` seconds before the session would idle out,
// leave for the sign-in page when it has, and poll for notifications (which a correct server does not
// count as activity). Timers are relative to page load, so a skew between browser and server clocks
// does not matter; the server stays the authority on whether the session is alive.
(() => {
  "use strict";
  const main = document.getElementById("dashboard");
  if (!main) return;
  const ms = (name) => Number(main.dataset[name]) * 1000;
  const idle = ms("idleTimeout");
  const lead = ms("warningLead");
  const absoluteEnd = Date.now() + ms("absoluteExpiresIn");
  const warning = document.getElementById("idle-warning");
  const expire = () => window.location.assign("/login?reason=expired");
  let timers = [];

  const schedule = () => {
    timers.forEach(clearTimeout);
    warning.hidden = true;
    const left = Math.min(Date.now() + idle, absoluteEnd) - Date.now();
    timers = [
      setTimeout(() => { warning.hidden = false; }, Math.max(0, left - lead)),
      setTimeout(expire, Math.max(0, left)),
    ];
  };

  const ask = (path) => fetch(path, { credentials: "same-origin", cache: "no-store" });

  document.getElementById("stay-signed-in").addEventListener("click", () => {
    ask("/api/me").then((reply) => (reply.ok ? schedule() : expire()), () => {});
  });
  setInterval(() => {
    ask("/api/notifications").then((reply) => { if (reply.status === 401) expire(); }, () => {});
  }, ms("pollInterval"));
  schedule();
})();
