// Registers /sw.js (built from service-worker/sw.js): the app shell kept for offline use
// (docs/architecture.md, Offline keying). Only in a production build: the dev server has no sw.js.

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
