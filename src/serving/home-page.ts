// The minimal server-rendered classification page, served when the web page (dist/web) is not built.

import type { ModelCard } from '../core/model-card.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderHomePage(card: ModelCard): string {
  const f1 = (card.metrics.validation as { weightedF1?: number } | undefined)?.weightedF1;
  const banner = card.demo
    ? '<p class="demo" role="note"><strong>Demo model</strong>: trained on a small synthetic catalog, not on real Rakuten data. Put the challenge files in <code>data/</code> and delete <code>models/default</code> to train a real one.</p>'
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>prodclass</title>
<style>
body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
label{display:block;margin-top:1rem;font-weight:600}
input,textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
.demo{background:#fff3cd;border:1px solid #e0c46c;padding:.5rem .75rem;border-radius:6px}
.row{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}
.bar{height:.8rem;background:#3b6fd8;border-radius:3px}
.name{flex:0 0 55%}
small{color:#5b6475}
</style>
</head>
<body>
<h1>prodclass</h1>
${banner}
<p><small>Model ${escapeHtml(card.modelId)} (${escapeHtml(card.kind)})${f1 === undefined ? '' : `, validation weighted F1 ${f1.toFixed(3)}`}</small></p>
<form id="f">
<label for="designation">Title</label>
<input id="designation" name="designation" required autocomplete="off">
<label for="description">Description</label>
<textarea id="description" name="description" rows="4"></textarea>
<p><button type="submit">Classify</button></p>
</form>
<div id="out" aria-live="polite"></div>
<script>
const form = document.getElementById('f');
const out = document.getElementById('out');
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { designation: form.designation.value, description: form.description.value };
  const res = await fetch('/api/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) { out.textContent = json.message; return; }
  out.innerHTML = '';
  for (const p of json.predictions) {
    const row = document.createElement('div');
    row.className = 'row';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.name + ' (' + p.code + ')';
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = Math.round(p.probability * 40) + '%';
    const pct = document.createElement('span');
    pct.textContent = (p.probability * 100).toFixed(1) + '%';
    row.append(name, bar, pct);
    out.append(row);
  }
});
</script>
</body>
</html>`;
}
