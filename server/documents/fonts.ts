// Embedded fonts for documents. react-pdf 4 takes a fontFamily *array* and picks, per code point,
// the first font in the stack that has a glyph (textkit's fontSubstitution), so one stack covers
// names in any of the scripts below. Noto Sans SC is 10 MB: it joins the stack only when the
// document has Han or Kana in it, so most documents never load it (react-pdf subsets what it embeds
// either way: a page of CJK names adds kilobytes, not megabytes).
import path from "node:path";
import { Font } from "@react-pdf/renderer";

const dir = path.join(process.cwd(), "node_modules", "@expo-google-fonts");
const ttf = (pkg: string, file: string) => path.join(dir, pkg, file);

const families = {
  NotoSans: { pkg: "noto-sans", file: "NotoSans", bold: true },
  NotoSansArabic: { pkg: "noto-sans-arabic", file: "NotoSansArabic", bold: true },
  NotoSansHebrew: { pkg: "noto-sans-hebrew", file: "NotoSansHebrew", bold: true },
  NotoSansDevanagari: { pkg: "noto-sans-devanagari", file: "NotoSansDevanagari", bold: true },
  // Regular only: a bold CJK face would be another 10 MB to load for a heading.
  NotoSansSC: { pkg: "noto-sans-sc", file: "NotoSansSC", bold: false },
  // Hangul: Noto Sans SC has no Korean syllables. Also regular only, loaded only when used.
  NotoSansKR: { pkg: "noto-sans-kr", file: "NotoSansKR", bold: false },
} as const;
type Family = keyof typeof families;

let registered: Promise<void> | null = null;
/** Registers the fonts once per process (the glyph fix below needs one font loaded). */
export function registerFonts(): Promise<void> {
  registered ??= register();
  return registered;
}

async function register(): Promise<void> {
  for (const [family, f] of Object.entries(families)) {
    Font.register({
      family,
      fonts: [
        { src: ttf(f.pkg, `400Regular/${f.file}_400Regular.ttf`), fontWeight: 400 },
        ...(f.bold ? [{ src: ttf(f.pkg, `700Bold/${f.file}_700Bold.ttf`), fontWeight: 700 }] : []),
      ],
    });
  }
  // react-pdf hyphenates English by default, which splits names and references ("Gar-cia").
  Font.registerHyphenationCallback((word) => [word]);
  await keepGlyphCodePoints();
}

/**
 * fontkit caches one glyph object per glyph id with the code points of its *first* request. The
 * subsetter asks for the components of composite glyphs with none (Noto's "·" is built from "."),
 * so after one document drew a bold "·", every later document's bold "." carried no code point
 * and its text layer read "€3,209$15" (copy, search and screen readers see the text layer). Fonts
 * are loaded once per process, so this leaked across documents; filling the missing code points
 * on the next real request fixes it. Tested in documents.int.test.ts (receipt amounts).
 */
async function keepGlyphCodePoints(): Promise<void> {
  // The smallest font, loaded through react-pdf so that this is the fontkit class react-pdf uses.
  const source = Font.getFont({ fontFamily: "NotoSansHebrew" });
  await source.load();
  const proto = Object.getPrototypeOf(source.data) as {
    getGlyph: (id: number, cps?: number[]) => { codePoints: number[] } | null;
    __keepsCodePoints?: boolean;
  };
  if (proto.__keepsCodePoints) return;
  const getGlyph = proto.getGlyph;
  proto.getGlyph = function (this: unknown, id: number, cps: number[] = []) {
    const g = getGlyph.call(this, id, cps);
    if (g && cps.length > 0 && g.codePoints.length === 0) g.codePoints = cps;
    return g;
  };
  proto.__keepsCodePoints = true;
}

const scripts: { family: Family; test: RegExp }[] = [
  { family: "NotoSansArabic", test: /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u },
  { family: "NotoSansHebrew", test: /[\u0590-\u05FF\uFB1D-\uFB4F]/u },
  { family: "NotoSansDevanagari", test: /[\u0900-\u097F\uA8E0-\uA8FF]/u },
  { family: "NotoSansSC", test: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u },
  { family: "NotoSansKR", test: /\p{Script=Hangul}/u },
];

/** The font stack for a document whose strings are `text`: Noto Sans first, then only the scripts it uses. */
export function fontStackFor(text: string): Family[] {
  return ["NotoSans", ...scripts.filter((s) => s.test.test(text)).map((s) => s.family)];
}

/**
 * Symbols none of the embedded fonts draw outside the CJK face (arrows: "LHR → JFK"), mapped to
 * ones Noto Sans has, so a Latin-only document never needs the 10 MB font for one arrow.
 */
const substitutes: Record<string, string> = { "→": "–", "←": "–", "⇄": "–", "↔": "–", "✓": "yes", "✈": "" };
export function printable(s: string): string {
  return s.replace(/[→←⇄↔✓✈]/gu, (c) => substitutes[c] ?? c);
}
