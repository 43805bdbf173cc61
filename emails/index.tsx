import { plainTextSelectors, render } from "@react-email/components";
import type { ReactElement } from "react";
import { CancellationEmail, type CancellationProps, cancellationSubject } from "./cancellation";
import { ConfirmationEmail, type ConfirmationProps, confirmationSubject } from "./confirmation";
import { CreditExpiryEmail, type CreditExpiryProps, creditExpirySubject } from "./credit-expiry";
import { DocumentDeliveryEmail, type DocumentDeliveryProps, documentDeliverySubject } from "./document-delivery";
import { ModificationEmail, type ModificationProps, modificationSubject } from "./modification";
import { RefundEmail, type RefundProps, refundSubject } from "./refund";
import { RefundReturnedEmail, type RefundReturnedProps, refundReturnedSubject } from "./refund-returned";
import { ReviewRequestEmail, type ReviewRequestProps, reviewRequestSubject } from "./review-request";
import { ScheduleChangeEmail, type ScheduleChangeProps, scheduleChangeSubject } from "./schedule-change";
import { SignInEmail, type SignInProps, signInSubject } from "./sign-in";
import { SupportUpdateEmail, type SupportUpdateProps, supportUpdateSubject } from "./support-update";
import { TripReminderEmail, type TripReminderProps, tripReminderSubject } from "./trip-reminder";
import { WeeklyReportEmail, type WeeklyReportProps, weeklyReportSubject } from "./weekly-report";

export type { BookingSummary, ItemLine } from "./types";

/** Every e-mail the product sends, by template id, with its props. */
export type EmailTemplate =
  | { id: "confirmation"; props: ConfirmationProps }
  | { id: "schedule_change"; props: ScheduleChangeProps }
  | { id: "cancellation"; props: CancellationProps }
  | { id: "refund"; props: RefundProps }
  | { id: "refund_returned"; props: RefundReturnedProps }
  | { id: "modification"; props: ModificationProps }
  | { id: "document_delivery"; props: DocumentDeliveryProps }
  | { id: "trip_reminder"; props: TripReminderProps }
  | { id: "credit_expiry"; props: CreditExpiryProps }
  | { id: "review_request"; props: ReviewRequestProps }
  | { id: "support_update"; props: SupportUpdateProps }
  | { id: "sign_in"; props: SignInProps }
  | { id: "weekly_report"; props: WeeklyReportProps };

export type RenderedEmail = { subject: string; html: string; text: string };

function element(t: EmailTemplate): { subject: string; el: ReactElement } {
  switch (t.id) {
    case "confirmation":
      return { subject: confirmationSubject(t.props), el: <ConfirmationEmail {...t.props} /> };
    case "schedule_change":
      return { subject: scheduleChangeSubject(t.props), el: <ScheduleChangeEmail {...t.props} /> };
    case "cancellation":
      return { subject: cancellationSubject(t.props), el: <CancellationEmail {...t.props} /> };
    case "refund":
      return { subject: refundSubject(t.props), el: <RefundEmail {...t.props} /> };
    case "refund_returned":
      return { subject: refundReturnedSubject(t.props), el: <RefundReturnedEmail {...t.props} /> };
    case "modification":
      return { subject: modificationSubject(t.props), el: <ModificationEmail {...t.props} /> };
    case "document_delivery":
      return { subject: documentDeliverySubject(t.props), el: <DocumentDeliveryEmail {...t.props} /> };
    case "trip_reminder":
      return { subject: tripReminderSubject(t.props), el: <TripReminderEmail {...t.props} /> };
    case "credit_expiry":
      return { subject: creditExpirySubject(t.props), el: <CreditExpiryEmail {...t.props} /> };
    case "review_request":
      return { subject: reviewRequestSubject(t.props), el: <ReviewRequestEmail {...t.props} /> };
    case "support_update":
      return { subject: supportUpdateSubject(t.props), el: <SupportUpdateEmail {...t.props} /> };
    case "sign_in":
      return { subject: signInSubject(), el: <SignInEmail {...t.props} /> };
    case "weekly_report":
      return { subject: weeklyReportSubject(t.props), el: <WeeklyReportEmail {...t.props} /> };
  }
}

// Links print as "label url"; a link whose text is its url prints once.
const textOptions = {
  selectors: [
    ...plainTextSelectors,
    { selector: "a", options: { linkBrackets: false as const, hideLinkSameAsText: true } },
  ],
};

/** HTML (React escapes every name and free text) and its plain-text part. */
export async function renderEmail(t: EmailTemplate): Promise<RenderedEmail> {
  const { subject, el } = element(t);
  const [html, text] = await Promise.all([render(el), render(el, { plainText: true, htmlToTextOptions: textOptions })]);
  return { subject, html, text };
}
