import type { jobRunStatuses } from "@/db/schema/jobs";

export type JobRunStatus = (typeof jobRunStatuses)[number];
