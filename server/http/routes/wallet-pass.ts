import { getDb } from "@/db/client";
import { auth } from "@/server/auth";
import { serveWalletPass, type WalletPassParams } from "@/server/services/documents/serve-wallet-pass";

// An Apple Wallet boarding pass (.pkpass) of one flight segment and traveler, to whoever may read
// the booking's documents; anyone else: 404 (server/documents/README.md, "Wallet passes").
export async function GET(_req: Request, { params }: { params: Promise<WalletPassParams> }) {
  return serveWalletPass(getDb(), await auth(), await params);
}
