// The companion app's service worker: the app shell from its cache (so the app opens offline and every later
// open is served from here), the API never cached, and pushes shown as notifications.
/* global SHELL_FILES, SHELL_VERSION */
const CACHE = `shell-${SHELL_VERSION}`;
const SHELL = new Set(SHELL_FILES);
const CONFIG = "/firebase-config.json";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith("shell-") && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/v1/")) return;
  if (url.pathname === CONFIG) {
    // The deployer's settings: fresh when the network answers, the last copy when it does not.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) caches.open(CACHE).then((cache) => cache.put(CONFIG, response.clone()));
      return response;
    }).catch(() => caches.match(CONFIG)));
    return;
  }
  const key = request.mode === "navigate" && url.pathname.startsWith("/app/") ? "/app/" : url.pathname;
  if (!SHELL.has(key)) return;
  event.respondWith(caches.match(key).then((cached) => cached || fetch(request)));
});

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const shown = message.notification || message.data || {};
  event.waitUntil(self.registration.showNotification(shown.title || "Stepping Stones", {
    body: shown.body || "", icon: "/app/icons/icon-192.png", tag: shown.tag || undefined, data: { url: "/app/#/inbox" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = (event.notification.data && event.notification.data.url) || "/app/";
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => new URL(client.url).pathname.startsWith("/app/"));
    if (open) return open.focus().then(() => open.navigate(target));
    return self.clients.openWindow(target);
  }));
});
