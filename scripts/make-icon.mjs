#!/usr/bin/env node
// Draws the extension icon, media/icon.png (128x128 RGBA), with no image library: shapes are
// rendered at 4x4 samples per pixel and written as a PNG with node's zlib. Deterministic: the same
// bytes on every run. `node scripts/make-icon.mjs [out.png]`
// The picture: a news page (red masthead, text lines, a pale attribution footer) on a dark blue
// rounded square, with a green check badge for the Jekyll checker.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128, SS = 4;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'media/icon.png');

const hex = h => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r), cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
function segment(ax, ay, bx, by, w) {
  return (x, y) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
  };
}
const any = (...fs) => (x, y) => fs.some(f => f(x, y));

// painted in order, later over earlier
const layers = [
  [roundRect(4, 4, 124, 124, 22), hex('#1d3b5e')],
  [roundRect(24, 14, 100, 112, 7), hex('#ffffff')],
  [roundRect(32, 23, 92, 39, 3), hex('#d13b2e')],
  [any(roundRect(32, 47, 92, 52, 2.5), roundRect(32, 58, 92, 63, 2.5), roundRect(32, 69, 80, 74, 2.5)), hex('#8796a6')],
  [any(roundRect(32, 88, 62, 92, 2), roundRect(32, 98, 54, 102, 2)), hex('#d5dbe1')],
  [circle(97, 97, 24), hex('#ffffff')],
  [circle(97, 97, 20), hex('#23965a')],
  [any(segment(86, 97.5, 94, 105.5, 6.5), segment(94, 105.5, 109, 89.5, 6.5)), hex('#ffffff')],
];

const px = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const fx = x + (sx + 0.5) / SS, fy = y + (sy + 0.5) / SS;
        let c = [0, 0, 0, 0];
        for (const [inside, colour] of layers) if (inside(fx, fy)) c = colour;
        // premultiplied, so transparent samples do not darken the edges
        acc[0] += c[0] * c[3]; acc[1] += c[1] * c[3]; acc[2] += c[2] * c[3]; acc[3] += c[3];
      }
    }
    const i = (y * SIZE + x) * 4, a = acc[3];
    px[i] = a ? Math.round(acc[0] / a) : 0;
    px[i + 1] = a ? Math.round(acc[1] / a) : 0;
    px[i + 2] = a ? Math.round(acc[2] / a) : 0;
    px[i + 3] = Math.round(a / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;  // 8-bit RGBA, no interlace
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) px.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);  // filter 0 per row
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out) || out} (${SIZE}x${SIZE}, ${png.length} bytes)`);
