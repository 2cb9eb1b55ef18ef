// Push through Firebase Messaging, only when the deployer configured it (messagingVapidKey in
// /firebase-config.json, see docs/companion-app.md, Push) and the client allowed notifications. Loaded on demand: without push,
// the inbox still shows every notification.
import { getApp } from "firebase/app";
import { registerDevice } from "../../shared/api.ts";
import { readCache, writeCache } from "./db.js";
import { newId, uid } from "./session.js";

export function pushConfigured(config) {
  return Boolean(config && config.messagingVapidKey) && "serviceWorker" in navigator && "Notification" in window
    && "PushManager" in window;
}

// At every start (as the contract asks): refresh this phone's registration when push is allowed.
export async function startPush(config) {
  if (!pushConfigured(config) || Notification.permission !== "granted") return false;
  const { getMessaging, getToken, isSupported } = await import("firebase/messaging");
  if (!(await isSupported())) return false;
  const registration = await navigator.serviceWorker.ready;
  const token = await getToken(getMessaging(getApp()), {
    vapidKey: config.messagingVapidKey, serviceWorkerRegistration: registration,
  });
  if (!token) return false;
  let deviceId = await readCache(uid(), "device-id");
  if (!deviceId) {
    deviceId = newId();
    await writeCache(uid(), "device-id", deviceId);
  }
  await registerDevice(deviceId, { fcm_token: token, platform: "web", app_version: "web" });
  return true;
}

// From a button: asks the browser for permission, then registers.
export async function enablePush(config) {
  if (!pushConfigured(config)) return false;
  const permission = await Notification.requestPermission();
  return permission === "granted" ? startPush(config) : false;
}
