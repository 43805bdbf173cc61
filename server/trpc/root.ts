import { opsBookingsRouter } from "./routers/ops/bookings";
import { opsConsoleRouter } from "./routers/ops/console";
import { opsJobsRouter } from "./routers/ops/jobs";
import { opsProvidersRouter } from "./routers/ops/providers";
import { opsWebhooksRouter } from "./routers/ops/webhooks";
import { portalBookingsRouter } from "./routers/portal/bookings";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  ops: createTRPCRouter({ bookings: opsBookingsRouter, console: opsConsoleRouter, jobs: opsJobsRouter, providers: opsProvidersRouter, webhooks: opsWebhooksRouter }),
  portal: createTRPCRouter({ bookings: portalBookingsRouter }),
});
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
