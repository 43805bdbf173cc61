// The simulation's rates, kept in one file (issue 15).

/**
 * What happens to a month of bookings, by default (per month, as shares of what they apply to).
 * The "month of 10,000 bookings" applies these to live bookings and reports the share that
 * needed a human.
 */
export const monthlyRates = {
  /** Flight items whose schedule the airline changes. */
  scheduleChangePerFlightItem: 0.08,
  /** Of those changes, the significant ones (14 CFR 260.2: 3 h or more; the traveler may refuse). */
  significantShareOfScheduleChanges: 0.25,
  /** Items the provider cancels. */
  providerCancellationPerItem: 0.01,
  /** Bookings the traveler cancels (all or some items). */
  travelerCancellationPerBooking: 0.06,
  /** Bookings with a traveler change (a name correction). */
  travelerChangePerBooking: 0.04,
  /** Refunds whose first attempt fails at the gateway. */
  failedFirstRefundAttempt: 0.02,
  /** Bookings whose charge is disputed. */
  disputePerBooking: 0.003,
  /** E-mails that bounce. */
  bouncePerEmail: 0.01,
  /** One provider unreachable for this many hours each week. */
  providerOutageHoursPerWeek: 1,
} as const;

/** How travelers answer a schedule change (not a rate of the issue: an assumption, named here). */
export const travelerBehaviour = {
  /** Travelers who answer a schedule change within the month. */
  answersScheduleChange: 0.85,
  /** Of those entitled to refuse (a significant change), the share who refuse and get a refund. */
  refusesSignificantChange: 0.4,
  /** Cancellations that cancel every item (else some items of a package). */
  cancelsEverything: 0.7,
  /** Quotes the traveler goes on to confirm. */
  confirmsQuote: 0.9,
} as const;

/** The randomised simulation in CI: steps, bookings, seed; each overridable by SIM_* env vars. */
export const simulationDefaults = { steps: 1_000, bookings: 400, seed: 20_261_124 } as const;

/** The month: its size with SIM_MONTH=1, and the small version CI runs so the path stays exercised. */
export const monthDefaults = { bookings: 10_000, ciBookings: 500, days: 30, seed: 2_026 } as const;

/**
 * Weights of the step kinds in the randomised simulation (relative). Job runs are frequent, as in
 * a deployment where the scheduled functions run every few minutes between traveler actions.
 */
export const stepWeights = {
  travelerCancel: 8,
  respondScheduleChange: 6,
  nameChange: 3,
  providerScheduleChange: 8,
  providerCancellation: 4,
  hotelRelocation: 2,
  redeliverWebhook: 2,
  refundFault: 5,
  dispute: 2,
  closeDispute: 2,
  gatewayEvents: 5,
  refundsJob: 10,
  cancellationsJob: 10,
  scheduleWatch: 3,
  completion: 2,
  commsJob: 5,
  disputeDeadlines: 3,
  timePasses: 4,
  supportRetry: 3,
  outage: 0.6,
} as const;
export type StepKind = keyof typeof stepWeights;
