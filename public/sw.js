// The portal's service worker: shows the push messages the notify port sends (title, body, url)
// and opens the booking when the traveler clicks one.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = { title: event.data ? event.data.text() : "Booking update" }; }
  event.waitUntil(self.registration.showNotification(data.title || "Booking update", { body: data.body || "", data: { url: data.url || "/" }, tag: data.tag }));
});
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
