/**
 * Renders the app's PNG icons from public/favicon.svg: `npx tsx scripts/generate-icons.ts`, then
 * commit the files. "any" icons are the favicon's rounded tile; maskable and Apple icons fill the
 * square with its colour and shrink the glyph, as the platform crops (maskable: a circle of 80 %
 * of the width is all that is sure to show) or rounds the corners itself (Apple).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const favicon = await readFile(path.resolve("public/favicon.svg"), "utf8");
const inner = favicon.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
const tileColour = /<rect[^>]*fill="(#[0-9a-f]{6})"/i.exec(favicon)?.[1];
if (!tileColour) throw new Error("public/favicon.svg: no tile colour found");

/** The favicon at `size` px; `glyphScale` < 1 puts it on a full square of its colour, shrunk by that much. */
function iconSvg(size: number, glyphScale?: number): string {
  const body = glyphScale
    ? `<rect width="32" height="32" fill="${tileColour}"/><g transform="translate(16 16) scale(${glyphScale}) translate(-16 -16)">${inner}</g>`
    : inner;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}">${body}</svg>`;
}

const icons: { file: string; size: number; glyphScale?: number }[] = [
  { file: "public/icons/icon-192.png", size: 192 },
  { file: "public/icons/icon-512.png", size: 512 },
  // The glyph reaches 13 units from the centre at full size: 0.75 keeps it inside the 12.8-unit safe circle.
  { file: "public/icons/maskable-192.png", size: 192, glyphScale: 0.75 },
  { file: "public/icons/maskable-512.png", size: 512, glyphScale: 0.75 },
  { file: "public/apple-touch-icon.png", size: 180, glyphScale: 0.8 },
];

for (const { file, size, glyphScale } of icons) {
  await sharp(Buffer.from(iconSvg(size, glyphScale)))
    .png({ compressionLevel: 9, palette: true, quality: 100 })
    .toFile(path.resolve(file));
  console.log(`${file} (${size}×${size})`);
}
