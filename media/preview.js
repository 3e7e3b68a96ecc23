// The News Post preview's own script (the only script the page's CSP lets run, by nonce). It patches the body
// block by block from the extension's messages (scroll position kept), syncs scrolling both ways through the
// data-line anchors, sends link clicks to the editor (the webview never navigates), and the stripped-items toggle.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const doc = document;
  const content = /** @type {HTMLElement} */ (doc.getElementById('np-content'));
  const banner = /** @type {HTMLElement} */ (doc.getElementById('np-banner'));
  // the article view's header and tags (the site page has the layouts' own instead)
  const header = doc.getElementById('np-header');
  const tags = doc.getElementById('np-tags');
  const body = doc.body;
  let state = {};
  try { state = JSON.parse(body.getAttribute('data-np-state') || '{}'); } catch { state = {}; }
  let version = Number(state.version) || 0;
  // what VS Code keeps for the panel across a reload (the extension's serializer reopens this post)
  if (typeof state.uri === 'string') vscode.setState({ uri: state.uri });

  // ---- blocks: each starts with an empty comment; blocks[i] = [comment, ...its nodes]
  /** @type {Node[][]} */
  let blocks = [];
  {
    let cur = null;
    for (const n of Array.from(content.childNodes)) {
      if (n.nodeType === Node.COMMENT_NODE) { cur = [n]; blocks.push(cur); } else if (cur) cur.push(n);
    }
  }
  const template = doc.createElement('template');
  /** What the last update replaced (reported in snapshots). */
  let lastPatch = null;

  /** Replaces blocks [start, start + deleteCount) with new ones parsed from HTML strings. */
  function patch(start, deleteCount, insert) {
    const after = start + deleteCount < blocks.length ? blocks[start + deleteCount][0] : null;
    for (const b of blocks.slice(start, start + deleteCount)) for (const n of b) n.parentNode && n.parentNode.removeChild(n);
    const fresh = [];
    for (const html of insert) {
      template.innerHTML = html;
      const marker = doc.createComment('');
      const nodes = [marker, ...Array.from(template.content.childNodes)];
      for (const n of nodes) content.insertBefore(n, after);
      fresh.push(nodes);
    }
    blocks.splice(start, deleteCount, ...fresh);
    anchorCache = null;
    lastPatch = { start, deleteCount, inserted: insert.length };
  }

  // ---- scroll sync through the anchors (data-line, data-ch) the renderer put on each top-level block
  /** @type {{line: number, ch: number, el: Element}[] | null} */
  let anchorCache = null;
  function anchors() {
    if (!anchorCache) {
      anchorCache = Array.from(content.querySelectorAll('[data-line]')).map(el => ({
        line: Number(el.getAttribute('data-line')), ch: Number(el.getAttribute('data-ch')) || 0, el,
      })).filter(a => Number.isFinite(a.line));
    }
    return anchorCache;
  }
  const topOf = el => el.getBoundingClientRect().top + window.scrollY;
  // our own scrolls must not echo back to the editor: remembered by position (and briefly by time)
  let programmaticUntil = 0;
  let programmaticY = -1;

  function scrollToLine(line) {
    const list = anchors();
    if (!list.length) return;
    let prev = null;
    let next = null;
    for (const a of list) {
      if (a.line <= line) { if (!prev || a.line > prev.line) prev = a; } else { next = a; break; }
    }
    let y;
    if (!prev) y = 0;
    else if (!next || next.line === prev.line) y = topOf(prev.el);
    else {
      const t0 = topOf(prev.el);
      y = t0 + ((line - prev.line) / (next.line - prev.line)) * Math.max(0, topOf(next.el) - t0);
    }
    // the content starts below the sticky banner
    y -= banner.getBoundingClientRect().height;
    programmaticUntil = Date.now() + 100;
    programmaticY = Math.round(Math.max(0, Math.min(y, doc.documentElement.scrollHeight - window.innerHeight)));
    window.scrollTo(0, Math.max(0, y));
  }

  function lineAtTop() {
    const list = anchors();
    if (!list.length) return null;
    const y = window.scrollY + banner.getBoundingClientRect().height + 1;
    if (window.scrollY <= 0) return { line: 0, ch: 0 };
    let i = -1;
    for (let k = 0; k < list.length; k++) { if (topOf(list[k].el) <= y) i = k; else break; }
    if (i < 0) return { line: 0, ch: 0 };
    const prev = list[i];
    const next = list[i + 1];
    if (!next) return { line: prev.line, ch: prev.ch };
    const t0 = topOf(prev.el);
    const t1 = topOf(next.el);
    const f = t1 > t0 ? Math.min(1, Math.max(0, (y - t0) / (t1 - t0))) : 0;
    if (next.line > prev.line) return { line: Math.floor(prev.line + f * (next.line - prev.line)), ch: 0 };
    return { line: prev.line, ch: Math.floor(prev.ch + f * Math.max(0, next.ch - prev.ch)) };
  }

  let scrollQueued = false;
  window.addEventListener('scroll', () => {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      if (Date.now() < programmaticUntil || Math.abs(window.scrollY - programmaticY) <= 2) return;
      programmaticY = -1;
      const at = lineAtTop();
      if (at) vscode.postMessage({ type: 'reveal', line: at.line, ch: at.ch });
    });
  }, { passive: true });

  // ---- links open through the editor; the page itself never navigates
  function onLink(ev) {
    const t = ev.target;
    const a = t && t.closest ? t.closest('a') : null;
    if (!a) return;
    ev.preventDefault();
    if (ev.type !== 'click') return;
    const href = a.getAttribute('href');
    if (!href) return;
    if (href.startsWith('#')) {
      const id = decodeURIComponent(href.slice(1));
      const target = id && (doc.getElementById(id) || doc.getElementsByName(id)[0]);
      if (target && content.contains(target)) target.scrollIntoView();
      return;
    }
    vscode.postMessage({ type: 'open', href });
  }
  doc.addEventListener('click', onLink, true);
  doc.addEventListener('auxclick', onLink, true);
  doc.addEventListener('submit', ev => ev.preventDefault(), true);

  banner.addEventListener('click', ev => {
    const t = /** @type {Element} */ (ev.target);
    if (t && t.closest && t.closest('#np-toggle')) vscode.postMessage({ type: 'toggleStripped' });
    if (t && t.closest && t.closest('#np-mode')) vscode.postMessage({ type: 'toggleMode' });
  });

  // ---- messages from the extension
  window.addEventListener('message', ev => {
    const m = ev.data;
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'update': {
        if (typeof m.header === 'string' && header) header.innerHTML = m.header;
        if (typeof m.banner === 'string') {
          banner.innerHTML = m.banner;
          banner.classList.toggle('np-banner-clean', !m.total);
        }
        if (typeof m.tags === 'string' && tags) tags.innerHTML = m.tags;
        if (typeof m.title === 'string') doc.title = m.title;
        if (typeof m.showStripped === 'boolean') body.classList.toggle('np-show-stripped', m.showStripped);
        if (typeof m.uri === 'string') vscode.setState({ uri: m.uri });
        if (m.reset) patch(0, blocks.length, m.insert || []);
        else patch(m.start | 0, m.deleteCount | 0, m.insert || []);
        version = m.version;
        if (typeof m.scrollLine === 'number') scrollToLine(m.scrollLine);
        vscode.postMessage({ type: 'applied', version });
        break;
      }
      case 'scrollTo':
        scrollToLine(Number(m.line) || 0);
        break;
      case 'scrollBy':
        // as if the reader scrolled (so the editor follows)
        window.scrollBy(0, Number(m.y) || 0);
        break;
      case 'snapshot':
        vscode.postMessage({
          type: 'snapshot', id: m.id, version, title: doc.title, banner: banner.textContent, header: header ? header.innerHTML : '',
          content: content.innerHTML, tags: tags ? tags.innerHTML : '', blocks: blocks.length,
          mode: body.classList.contains('np-site-page') ? 'site' : 'article', page: pageText(), scrollY: window.scrollY,
          showStripped: body.classList.contains('np-show-stripped'), lineAtTop: lineAtTop(), lastPatch, state: vscode.getState(),
          styles: computedStyles(),
        });
        break;
    }
  });

  /** What the stylesheet did to the page (tests check that media/preview.css applies). */
  function computedStyles() {
    const b = getComputedStyle(banner);
    const item = content.querySelector('div.np-stripped');
    const i = item && getComputedStyle(item);
    const postEl = document.getElementById('np-post');
    const post = postEl ? getComputedStyle(postEl) : null;
    const bodyStyle = getComputedStyle(body);
    const sheets = Array.from(doc.querySelectorAll('link[rel="stylesheet"]')).map(l => /** @type {HTMLLinkElement} */ (l).sheet ? 1 : 0);
    return {
      banner: { position: b.position, backgroundColor: b.backgroundColor },
      post: { maxWidth: post ? post.maxWidth : '' },
      body: { fontFamily: bodyStyle.fontFamily, color: bodyStyle.color, backgroundColor: bodyStyle.backgroundColor },
      stylesheetsLoaded: sheets.reduce((a, b) => a + b, 0),
      stylesheets: sheets.length,
      stripped: i ? { outlineStyle: i.outlineStyle, outlineWidth: i.outlineWidth, label: item.tagName === 'DIV' ? getComputedStyle(item, '::before').content : null } : null,
    };
  }

  /** The page's text outside the banner (the site page: its header, the post, its footer). */
  function pageText() {
    let s = '';
    for (const n of Array.from(body.childNodes)) if (n !== banner && n.nodeName !== 'SCRIPT') s += n.textContent || '';
    return s.replace(/\s+/g, ' ').trim().slice(0, 4000);
  }

  vscode.postMessage({ type: 'ready', version });
})();
