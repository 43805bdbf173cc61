"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { useTRPC } from "@/lib/trpc/react";

const b64ToBytes = (b64: string) =>
  Uint8Array.from(
    atob(
      b64
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(b64.length / 4) * 4, "="),
    ),
    (c) => c.charCodeAt(0),
  );

/**
 * How a signed-in traveler hears from us: e-mail (default), SMS, or push to this browser. Choosing
 * push asks the browser's permission, subscribes with our VAPID key and saves the subscription.
 */
export function NotificationSettings() {
  const trpc = useTRPC();
  const pref = useQuery(trpc.portal.comms.preference.queryOptions());
  const set = useMutation(trpc.portal.comms.setPreference.mutationOptions({ onSuccess: () => pref.refetch() }));
  const subscribe = useMutation(trpc.portal.comms.subscribePush.mutationOptions());
  const [error, setError] = useState<unknown>(null);

  async function choose(channel: "email" | "sms" | "push") {
    setError(null);
    if (channel === "push") {
      try {
        if (!("serviceWorker" in navigator) || !("PushManager" in window))
          throw new Error("This browser cannot receive push messages");
        if ((await Notification.requestPermission()) !== "granted")
          throw new Error("Notifications are blocked for this site");
        const reg = await navigator.serviceWorker.register("/sw.js");
        const sub = await reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: b64ToBytes(pref.data!.vapidPublicKey),
        });
        const json = sub.toJSON() as {
          endpoint: string;
          keys: { p256dh: string; auth: string };
          expirationTime?: number | null;
        };
        await subscribe.mutateAsync({
          endpoint: json.endpoint,
          keys: json.keys,
          expirationTime: json.expirationTime ?? null,
        });
      } catch (e) {
        setError(e);
        return;
      }
    }
    set.mutate({ channel });
  }

  if (!pref.data) return null;
  return (
    <fieldset className="mt-8 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <legend className="px-1 font-medium">How should we reach you about your trips?</legend>
      <div className="flex flex-wrap gap-4">
        {(["email", "sms", "push"] as const).map((c) => (
          <label key={c} className="flex items-center gap-2">
            <input
              type="radio"
              name="channel"
              checked={pref.data.channel === c}
              disabled={set.isPending || subscribe.isPending}
              onChange={() => void choose(c)}
            />
            {c === "email" ? "E-mail" : c === "sms" ? "Text message" : "Notifications in this browser"}
          </label>
        ))}
      </div>
      <ErrorText className="mt-2" error={error ?? set.error} />
    </fieldset>
  );
}
