import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { localSlackMessages } from "@/db/schema";
import { failureOfStatus, NotifyError } from "./errors";

/** A Slack message as an incoming webhook takes it: `text` is the fallback shown in notifications. */
export type SlackMessage = { text: string; blocks?: unknown[] };
export type SentSlack = { provider: "local" | "slack"; messageId: string };
export interface SlackChannel {
  send(message: SlackMessage): Promise<SentSlack>;
}

/**
 * Slack incoming webhook (https://api.slack.com/messaging/webhooks): POST JSON, Slack answers 200
 * "ok"; 4xx (invalid_payload, no_service, ...) is permanent, 429/5xx transient. Webhooks take no
 * idempotency key: a step killed after the POST and before its record posts again (rare, harmless).
 */
export function webhookSlackChannel(url: string, fetchImpl: typeof fetch = fetch): SlackChannel {
  return {
    async send(m) {
      let res: Response;
      try {
        res = await fetchImpl(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(m),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (e) {
        throw new NotifyError("transient", `Slack: ${(e as Error).message}`);
      }
      const body = await res.text();
      if (!res.ok)
        throw new NotifyError(
          failureOfStatus(res.status) === "transient" ? "transient" : "permanent",
          `Slack ${res.status}: ${body.slice(0, 200)}`,
          res.status,
        );
      return { provider: "slack", messageId: res.headers.get("x-slack-req-id") ?? "ok" };
    },
  };
}

/** The local Slack channel: every message kept in `local_slack_messages`; faults from `local_slack_faults`. */
export function localSlackChannel(db: Db): SlackChannel {
  return {
    async send(m) {
      const [fault] = await db.execute<{ kind: string }>(sql`
        with f as (select id from local_slack_faults where remaining is null or remaining > 0 order by created_at limit 1 for update skip locked)
        update local_slack_faults x set remaining = case when x.remaining is null then null else x.remaining - 1 end
        from f where x.id = f.id returning x.kind`);
      if (fault)
        throw new NotifyError(
          fault.kind === "permanent" ? "permanent" : "transient",
          `Local Slack: injected ${fault.kind} fault`,
          fault.kind === "permanent" ? 404 : 503,
        );
      const [row] = await db
        .insert(localSlackMessages)
        .values({ text: m.text, blocks: m.blocks ?? [] })
        .returning({ id: localSlackMessages.id });
      return { provider: "local", messageId: row.id };
    },
  };
}

/** Test and console helper: the next `times` posts fail (null: every post until cleared). */
export async function injectSlackFault(db: Db, kind: "transient" | "permanent", times: number | null = 1) {
  await db.execute(sql`insert into local_slack_faults (kind, remaining) values (${kind}, ${times})`);
}

/** The Slack channel in use: the incoming webhook when a URL is set, else the local one. */
export function slackChannel(db: Db, webhookUrl: string | undefined): SlackChannel {
  return webhookUrl ? webhookSlackChannel(webhookUrl) : localSlackChannel(db);
}
