/**
 * The built-in `import` API client, seeded by migration 0025_api_clients.sql: console and CLI
 * imports run as it (docs/architecture.md, "Intake"). Its id is fixed so code can name it.
 */
export const IMPORT_CLIENT_ID = "00000000-0000-4000-8000-000000000001";
export const IMPORT_CLIENT_NAME = "import";
