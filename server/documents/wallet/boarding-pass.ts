import { wallClockText } from "@/server/documents/format";
import { PassType, PKPass } from "passkit-generator";
import { instantOf } from "@/server/domain/zones";
import { passBarcodeMessage, passSerialNumber, type FlightDetails } from "./flight-passes";
import { passIcons } from "./icon";
import { walletSigner, type WalletSigner } from "./signer";

// An Apple Wallet boarding pass (a signed .pkpass zip) for one segment and one traveler, built
// with passkit-generator: pass.json, icons, manifest.json (SHA-1 of each file) and `signature`,
// a detached PKCS#7 signature of the manifest by the signer's key (docs/architecture.md, "Outside systems").

export type BoardingPassInput = {
  itemId: string;
  reference: string;
  /** The airline's record locator; the provider's confirmation when the details carry none. */
  pnr: string;
  flight: FlightDetails;
  segmentIndex: number;
  traveler: { firstName: string; lastName: string };
  travelerIndex: number;
};

export type BuiltPass = { buffer: Buffer; development: boolean; fileName: string };

const background: readonly [number, number, number] = [15, 23, 42];
const rgb = (c: readonly number[]) => `rgb(${c.join(", ")})`;

export function buildBoardingPass(input: BoardingPassInput, signer: WalletSigner = walletSigner()): BuiltPass {
  const { flight, segmentIndex, travelerIndex, reference, pnr } = input;
  const s = flight.segments[segmentIndex];
  if (!s) throw new RangeError(`segmentIndex: no segment ${segmentIndex}`);
  const passenger = `${input.traveler.firstName} ${input.traveler.lastName}`.trim();
  const pass = new PKPass(passIcons(background), signer.certificates, {
    passTypeIdentifier: signer.passTypeIdentifier,
    teamIdentifier: signer.teamIdentifier,
    serialNumber: passSerialNumber(input.itemId, segmentIndex, travelerIndex),
    organizationName: "Booking Ops",
    description: `Boarding pass ${s.flightNumber} ${s.from} → ${s.to}`,
    logoText: flight.airline ?? "Booking Ops",
    backgroundColor: rgb(background),
    foregroundColor: rgb([255, 255, 255]),
    labelColor: rgb([148, 163, 184]),
    // Passes of one booking stack together in Wallet.
    groupingIdentifier: reference,
  });

  const boarding = new PassType("boardingPass");
  boarding.transitType = "PKTransitTypeAir";
  boarding.headerFields.push({ key: "pnr", label: "PNR", value: pnr || "—" });
  boarding.primaryFields.push(
    { key: "from", label: s.fromCity ?? "From", value: s.from },
    { key: "to", label: s.toCity ?? "To", value: s.to },
  );
  boarding.secondaryFields.push(
    { key: "passenger", label: "Passenger", value: passenger },
    { key: "flight", label: "Flight", value: s.flightNumber },
    { key: "departs", label: "Departs (local)", value: wallClockText(s.departureLocal) },
  );
  if (flight.cabin)
    boarding.auxiliaryFields.push({ key: "cabin", label: "Cabin", value: flight.cabin.replace(/_/g, " ") });
  if (s.arrivalLocal)
    boarding.auxiliaryFields.push({ key: "arrives", label: "Arrives (local)", value: wallClockText(s.arrivalLocal) });
  boarding.backFields.push(
    { key: "reference", label: "Booking reference", value: reference },
    { key: "segment", label: "Segment", value: `${segmentIndex + 1} of ${flight.segments.length}` },
    { key: "zones", label: "Time zones", value: `${s.departureZone} → ${s.arrivalZone ?? "—"}` },
    ...(signer.development
      ? [
          {
            key: "development",
            label: "Development pass",
            value: "Apple Wallet will not accept it until real certificates are configured.",
          },
        ]
      : []),
  );
  pass.types.push(boarding);

  const message = passBarcodeMessage(reference, pnr, segmentIndex, travelerIndex);
  pass.setBarcodes({
    format: "PKBarcodeFormatQR",
    message,
    messageEncoding: "iso-8859-1",
    altText: `${reference} · ${pnr}`,
  });
  // Wallet brings the pass forward around departure: the local time's instant in its zone.
  pass.setRelevantDate(instantOf({ local: s.departureLocal, zone: s.departureZone }));

  const fileName =
    `boarding-pass-${reference}-${s.flightNumber}-${segmentIndex + 1}-${travelerIndex + 1}.pkpass`.replace(
      /[^A-Za-z0-9._-]/g,
      "",
    );
  return { buffer: pass.getAsBuffer(), development: signer.development, fileName };
}
