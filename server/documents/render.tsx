import { renderToBuffer } from "@react-pdf/renderer";
import { ETicket } from "./components/e-ticket";
import { Itinerary } from "./components/itinerary";
import { Receipt } from "./components/receipt";
import { Voucher } from "./components/voucher";
import { fontStackFor, registerFonts } from "./fonts";
import type { DocumentView } from "./views";

/** Renders one document to PDF bytes. CPU-bound, no I/O besides reading font files once per process. */
export async function renderDocument(view: DocumentView): Promise<Buffer> {
  await registerFonts();
  const fonts = fontStackFor(JSON.stringify(view));
  switch (view.kind) {
    case "e_ticket":
      return renderToBuffer(<ETicket v={view} fonts={fonts} />);
    case "voucher":
      return renderToBuffer(<Voucher v={view} fonts={fonts} />);
    case "itinerary":
      return renderToBuffer(<Itinerary v={view} fonts={fonts} />);
    case "receipt":
      return renderToBuffer(<Receipt v={view} fonts={fonts} />);
  }
}
