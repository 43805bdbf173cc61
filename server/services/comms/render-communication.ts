import type { Db } from "@/db/client";
import { renderEmail, type RenderedEmail } from "@/emails";
import type { PushPayload } from "@/server/notify/push";
import { templateFor } from "./message-props";

export type RenderedMessage = { email: RenderedEmail; sms: string; push: PushPayload };

/**
 * One message in every channel's form: the e-mail (HTML + text), and the short SMS and push texts
 * built from its subject and the booking's portal link.
 */
export async function renderCommunication(
  db: Db,
  comm: { bookingId: string; type: string; templateId: string | null; templateData: unknown },
): Promise<RenderedMessage> {
  const template = await templateFor(db, comm);
  const email = await renderEmail(template);
  const props = template.props;
  const url = "booking" in props ? props.booking.url : props.url;
  return {
    email,
    sms: `${email.subject}. Details: ${url}`,
    push: {
      title: email.subject,
      body: "booking" in props ? `Booking ${props.booking.reference}` : "",
      url,
      tag: comm.type,
    },
  };
}
