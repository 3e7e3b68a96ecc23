// The preview's renderers, bundled apart as dist/renderers.js (scripts/build.mjs) and loaded the first time a
// preview renders or the strip command runs, not with the extension: markdown-it, htmlparser2, css-select, the
// sanitizer and the site page are most of the bundle, and a post's diagnostics need none of them
// (docs/packaging.md, "Activation time"). The bundle has its own copy of the core modules it uses: setCatalog
// gives it the display language's messages.
export * as previewPage from './core/previewPage';
export * as sitePage from './core/sitePage';
export * as sanitize from './core/sanitize';
export * as stripRules from './core/stripRules';
export * as stripSource from './core/stripSource';
export { setCatalog } from './core/l10n';
