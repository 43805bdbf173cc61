import { opsAlertsRouter } from "./routers/ops/alerts";
import { opsApiClientsRouter } from "./routers/ops/api-clients";
import { opsAutomationRouter } from "./routers/ops/automation";
import { opsBookingsRouter } from "./routers/ops/bookings";
import { opsDashboardRouter } from "./routers/ops/dashboard";
import { opsDisputesRouter } from "./routers/ops/disputes";
import { opsFollowUpsRouter } from "./routers/ops/follow-ups";
import { opsDocumentsRouter } from "./routers/ops/documents";
import { opsImportsRouter } from "./routers/ops/imports";
import { opsIntakeRouter } from "./routers/ops/intake";
import { opsJobsRouter } from "./routers/ops/jobs";
import { opsModificationsRouter } from "./routers/ops/modifications";
import { opsOnBehalfRouter } from "./routers/ops/on-behalf";
import { opsMoneyRouter } from "./routers/ops/money";
import { opsMoneyCheckRouter } from "./routers/ops/money-check";
import { opsOutboxRouter } from "./routers/ops/outbox";
import { opsPayoutsRouter } from "./routers/ops/payouts";
import { opsProvidersRouter } from "./routers/ops/providers";
import { opsReportsRouter } from "./routers/ops/reports";
import { opsWebhooksRouter } from "./routers/ops/webhooks";
import { portalBookingsRouter } from "./routers/portal/bookings";
import { portalCancellationsRouter } from "./routers/portal/cancellations";
import { portalCreditsRouter } from "./routers/portal/credits";
import { portalCommsRouter } from "./routers/portal/comms";
import { portalDocumentsRouter } from "./routers/portal/documents";
import { portalModificationsRouter } from "./routers/portal/modifications";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  ops: createTRPCRouter({
    alerts: opsAlertsRouter,
    apiClients: opsApiClientsRouter,
    automation: opsAutomationRouter,
    dashboard: opsDashboardRouter,
    followUps: opsFollowUpsRouter,
    bookings: opsBookingsRouter,
    disputes: opsDisputesRouter,
    documents: opsDocumentsRouter,
    imports: opsImportsRouter,
    intake: opsIntakeRouter,
    jobs: opsJobsRouter,
    modifications: opsModificationsRouter,
    onBehalf: opsOnBehalfRouter,
    money: opsMoneyRouter,
    moneyCheck: opsMoneyCheckRouter,
    outbox: opsOutboxRouter,
    payouts: opsPayoutsRouter,
    providers: opsProvidersRouter,
    reports: opsReportsRouter,
    webhooks: opsWebhooksRouter,
  }),
  portal: createTRPCRouter({
    bookings: portalBookingsRouter,
    cancellations: portalCancellationsRouter,
    comms: portalCommsRouter,
    credits: portalCreditsRouter,
    documents: portalDocumentsRouter,
    modifications: portalModificationsRouter,
  }),
});
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
