/**
 * Generates the PWA icons (pwa/public/icons/*.png) with zlib only: there is no ImageMagick on
 * the build machines. The output is committed; rerun after changing the drawing:
 *   node --import tsx pwa/scripts/make-icons.ts
 * Drawing: a house in the accent colour on the app's dark background. The maskable variant fills
 * the whole square and keeps the house inside the central 80 % safe zone.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Rgba = readonly [number, number, number, number];
const BACKGROUND: Rgba = [0x1a, 0x1b, 0x2e, 255];
const ACCENT: Rgba = [0x81, 0x8c, 0xf8, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];

/** Colour at a point of the unit square (0..1), for one icon variant. */
type Shader = (x: number, y: number) => Rgba;

function insideRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** House in a box [0,1]² scaled by `s` around the centre. */
function house(x: number, y: number, s: number): Rgba | null {
  const u = (x - 0.5) / s + 0.5;
  const v = (y - 0.5) / s + 0.5;
  const roof = v >= 0.2 && v <= 0.5 && Math.abs(u - 0.5) <= (v - 0.2) * (0.36 / 0.3);
  const body = u >= 0.24 && u <= 0.76 && v >= 0.48 && v <= 0.82;
  const door = u >= 0.44 && u <= 0.56 && v >= 0.62 && v <= 0.82;
  if (door) return BACKGROUND;
  return roof || body ? ACCENT : null;
}

const anyShader: Shader = (x, y) =>
  insideRoundedSquare(x, y, 0.18) ? (house(x, y, 0.9) ?? BACKGROUND) : TRANSPARENT;
const maskableShader: Shader = (x, y) => house(x, y, 0.7) ?? BACKGROUND;

/** Renders with 4×4 supersampling so the edges are smooth. */
function render(size: number, shader: Shader): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const n = 4;
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    raw[row] = 0; // PNG filter type "none"
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shader((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          for (let i = 0; i < 4; i++) acc[i]! += c[i]!;
        }
      }
      for (let i = 0; i < 4; i++) raw[row + 1 + px * 4 + i] = Math.round(acc[i]! / (n * n));
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size: number, shader: Shader): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(render(size, shader), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const outputs: [string, number, Shader][] = [
  ['icon-192.png', 192, anyShader],
  ['icon-512.png', 512, anyShader],
  ['icon-maskable-512.png', 512, maskableShader],
  ['apple-touch-icon-180.png', 180, maskableShader],
];
for (const [name, size, shader] of outputs) {
  writeFileSync(outDir + name, encodePng(size, shader));
  process.stdout.write(`wrote ${name}\n`);
}
