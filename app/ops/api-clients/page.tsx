import { CreateClientForm } from "@/components/ops/api-clients/create-client-form";
import { IssueKeyForm } from "@/components/ops/api-clients/issue-key-form";
import { RevokeClientButton, RevokeKeyButton } from "@/components/ops/api-clients/revoke-buttons";
import { SigningSecret } from "@/components/ops/api-clients/signing-secret";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/data-table";
import { when } from "@/components/ui/format";
import { opsCaller } from "@/server/trpc/server";

export const metadata = { title: "API clients" };

const th = "px-3 py-2 text-left font-medium text-slate-600";
const td = "px-3 py-2 align-top";

/** Who may call the booking intake API (POST /api/v1/bookings): clients, their keys and signing secrets. */
export default async function ApiClientsPage() {
  const api = await opsCaller();
  const clients = await api.ops.apiClients.list();
  return (
    <div>
      <PageHeader title="API clients" />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        A checkout calls the intake API with <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Keys
        are stored hashed: a new key is shown once. With a signing secret set, every request must also carry{" "}
        <code className="font-mono">X-Signature: t=…,v1=…</code> (HMAC-SHA256 of the timestamp and the body). Console
        and CLI imports run as the built-in <em>import</em> client.
      </p>
      <CreateClientForm />
      <div className="mt-6 flex flex-col gap-6">
        {clients.map((c) => {
          const live = c.revokedAt === null;
          return (
            <section key={c.id} aria-label={c.name} className="rounded-lg border border-slate-200 bg-white">
              <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-4 py-3">
                <div>
                  <h2 className="flex items-center gap-2 font-semibold">
                    {c.name} <Badge value={c.kind} />
                    {!live && <Badge value="revoked" />}
                  </h2>
                  <p className="mt-1 text-xs text-slate-500">
                    Created {when(c.createdAt)}
                    {c.createdBy ? ` by ${c.createdBy}` : " (built in)"}
                    {!live && ` · revoked ${when(c.revokedAt)}${c.revokedBy ? ` by ${c.revokedBy}` : ""}`}
                  </p>
                </div>
                {live && c.kind !== "import" && <RevokeClientButton clientId={c.id} name={c.name} />}
              </header>
              <div className="grid gap-4 px-4 py-3">
                <SigningSecret clientId={c.id} signed={c.signed} live={live} />
                {live && <IssueKeyForm clientId={c.id} clientName={c.name} />}
                {c.keys.length === 0 ? (
                  <p className="text-sm text-slate-500">No keys yet.</p>
                ) : (
                  <table className="min-w-full divide-y divide-slate-200 text-sm">
                    <thead className="bg-slate-50">
                      <tr>
                        <th className={th}>Key</th>
                        <th className={th}>Name</th>
                        <th className={th}>Created</th>
                        <th className={th}>Last used</th>
                        <th className={th}>Revoked</th>
                        <th className={th}>
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {c.keys.map((k) => (
                        <tr key={k.id} className={k.revokedAt ? "text-slate-400" : undefined}>
                          <td className={`${td} font-mono text-xs`}>{k.prefix}…</td>
                          <td className={td}>{k.name}</td>
                          <td className={`${td} tabular-nums`}>{when(k.createdAt)}</td>
                          <td className={`${td} tabular-nums`}>{k.lastUsedAt ? when(k.lastUsedAt) : "never"}</td>
                          <td className={`${td} tabular-nums`}>
                            {k.revokedAt ? `${when(k.revokedAt)}${k.revokedBy ? ` by ${k.revokedBy}` : ""}` : "—"}
                          </td>
                          <td className={td}>{!k.revokedAt && <RevokeKeyButton keyId={k.id} prefix={k.prefix} />}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
}
