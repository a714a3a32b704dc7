// Builds samstyr's vendored front-end assets from the npm packages pinned in
// package-lock.json into ../internal/web/static/vendor, which the Go binary
// embeds. Run with `make assets` (npm ci && node build.mjs). No network is
// needed at run time: fonts and styles are served by samstyr itself.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const out = new URL('../internal/web/static/vendor/', import.meta.url).pathname;
mkdirSync(join(out, 'fonts'), { recursive: true });

const pkgDir = (name) => new URL(`node_modules/${name}/`, import.meta.url).pathname;
const version = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8')).version;

const css = join(pkgDir('@digdir/designsystemet-css'), 'dist/src/index.css');
const theme = join(pkgDir('@digdir/designsystemet-theme'), 'brand/digdir.css');
const header = `/* Built by web/build.mjs from @digdir/designsystemet-css ${version('@digdir/designsystemet-css')} and `
  + `@digdir/designsystemet-theme ${version('@digdir/designsystemet-theme')} (digdir brand), MIT licence. Do not edit. */\n`;
writeFileSync(join(out, 'designsystemet.css'), header + readFileSync(theme, 'utf8') + '\n' + readFileSync(css, 'utf8'));

// Inter, the theme's typeface: the Latin and Latin Extended subsets (the
// latter has the Sámi letters of municipality names).
const inter = pkgDir('@fontsource-variable/inter');
const fonts = [
  ['inter-latin-wght-normal.woff2', 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD'],
  ['inter-latin-ext-wght-normal.woff2', 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF'],
];
let face = `/* Inter ${version('@fontsource-variable/inter')} from @fontsource-variable/inter, SIL Open Font License 1.1. */\n`;
for (const [file, range] of fonts) {
  copyFileSync(join(inter, 'files', file), join(out, 'fonts', file));
  face += `@font-face{font-family:'Inter';font-style:normal;font-display:swap;font-weight:100 900;`
    + `src:url(fonts/${file}) format('woff2-variations');unicode-range:${range}}\n`;
}
writeFileSync(join(out, 'fonts.css'), face);
console.log('assets written to', out);
