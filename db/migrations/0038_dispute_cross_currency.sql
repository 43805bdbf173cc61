ALTER TABLE "disputes" ADD COLUMN "cross_currency" boolean DEFAULT false NOT NULL;
