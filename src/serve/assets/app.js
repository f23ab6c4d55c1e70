// The meeting page. Everything from the file is shown with textContent,
// never parsed as HTML: a name in a scenario cannot become markup.
"use strict";

const STRINGS = {
  fr: {
    file: "Fichier", period: "Période", undo: "Annuler", redo: "Rétablir",
    propose: "Proposer", save: "Enregistrer", saveas: "Enregistrer sous", lang: "Langue",
    grid: "Communes × thèmes", proposal: "Proposition", diagnostics: "Diagnostics",
    chart: "ETP de la période", costs: "Coûts annuels (€)",
    holder: "Commune ou porteur", etp: "ETP", themeTotals: "Totaux par thème",
    coordinator: "Coordination", total: "Total", cafTotal: "Total Caf",
    sumPosts: "somme des postes + coordination", sumThemes: "somme des thèmes + coordination",
    own: "Postes propres", shared: "Part des postes partagés", caf: "Part Caf", rest: "Reste à charge",
    noDiag: "Aucun diagnostic : le schéma respecte toutes les règles.",
    line: "ligne", loading: "Chargement…", saved: "Enregistré : ", unsaved: "modifications non enregistrées",
    conflict: "Conflit : le fichier a été modifié sur le disque par quelqu'un d'autre. Recharger (perd vos modifications) ou enregistrer sous un autre nom.",
    reload: "Recharger", overwrite: "Écraser quand même",
    planned: "Proposition appliquée : les chiffres de la période ont été remplis.",
    impossible: "Aucun schéma ne respecte toutes les règles. Pour qu'il en existe un, il faudrait, au choix :",
    confirmed: "Vérifié : avec ces changements, un schéma existe.",
    unconfirmed: "Ces changements n'ont pas pu être confirmés.",
    blocked: "Proposition impossible tant que cette erreur reste : ",
    failed: "Le solveur a échoué : ", timeLimit: "Temps limite atteint sans schéma.",
    notLoaded: "Le fichier ne se charge pas : voir les diagnostics.",
    noCosts: "Ce fichier ne donne pas de coûts (aucun financement indiqué)\u202f: les montants en euros sont inconnus.", unknown: "?",
    badValue: "Valeur refusée : ", compare: "Variantes côte à côte", compareWith: "À côté de ce fichier (A) :", compareBtn: "Comparer", restYear: "reste à charge / an", cafYear: "Part Caf / an",  errors: "erreurs", apply: "Appliquer", applied: "Changement appliqué.", took: "Revérifié en", open: "à proposer", openHint: "Case vide : chiffre ouvert, choisi par « Proposer ». ↑ et ↓ : un pas de plus ou de moins.", nameNeeded: "Nom du nouveau fichier (lettres, chiffres, espaces\u202f; «\u00a0.toml\u00a0» ajouté s'il manque)",
    lock: "Verrouiller : « Proposer » garde ce chiffre tel qu'écrit", unlock: "Déverrouiller",
    asked: "Demandé : « Proposer » respecte ce chiffre et ajuste les autres (sauf ceux verrouillés)",
    wish: "demande de la variante :", wishHint: "Demande écrite dans la variante (set) : « Proposer » la respecte, comme ctgplan propose sur ce fichier",
    reloadedDisk: "Le fichier a été modifié sur le disque par quelqu'un d'autre : la page montre sa nouvelle version (« Annuler » revient à la vôtre).",
    export: "Exporter :", exportHtml: "rapport HTML", exportXlsx: "classeur .xlsx", exportCsv: "coûts .csv",
    asVariant: "en variante", variantOf: "variante de ",
    asVariantHint: "Écrit un petit fichier « extends » : seulement ce qui diffère de ce fichier tel qu'enregistré (qui reste inchangé).",
    alternative: "Possibilité", plannedAsks: "Demandes respectées : ",
    offline: "Le serveur ne répond plus\u202f: rien de ce que vous faites maintenant n'est vérifié ni enregistré. Relancez «\u00a0ctgplan serve\u00a0» et ouvrez l'adresse qu'il affiche (les modifications non enregistrées sont perdues).",
    failedRequest: "La demande a échoué, rien n'a changé\u202f: ",
    cannotOpen: "Impossible d'ouvrir ", staysOn: "(la page reste sur le fichier affiché)",
    stepHint: "↑ et ↓\u202f: un pas de plus ou de moins. Videz la case pour laisser «\u00a0Proposer\u00a0» choisir ce chiffre.",
    pooledWith: "mutualisée avec", pooledHint: "son poste est celui de la commune avec laquelle elle est mutualisée (0 ETP propre).",
    changed: "Changé par rapport à avant «\u00a0Proposer\u00a0»\u202f: ", nothingChanged: "Aucun chiffre n'a changé.",
  },
  en: {
    file: "File", period: "Period", undo: "Undo", redo: "Redo",
    propose: "Propose", save: "Save", saveas: "Save as", lang: "Language",
    grid: "Communes × themes", proposal: "Proposal", diagnostics: "Diagnostics",
    chart: "ETP of the period", costs: "Yearly costs (€)",
    holder: "Commune or carrier", etp: "ETP", themeTotals: "Theme totals",
    coordinator: "Coordinator", total: "Total", cafTotal: "Caf total",
    sumPosts: "sum of posts + coordinator", sumThemes: "sum of themes + coordinator",
    own: "Own posts", shared: "Share of shared posts", caf: "Caf part", rest: "Left to pay",
    noDiag: "No diagnostic: the scheme meets every rule.",
    line: "line", loading: "Loading…", saved: "Saved: ", unsaved: "unsaved changes",
    conflict: "Conflict: the file was changed on disk by someone else. Reload (loses your changes) or save under another name.",
    reload: "Reload", overwrite: "Overwrite anyway",
    planned: "Proposal applied: the period's figures were filled in.",
    impossible: "No scheme meets every rule. For one to exist, choose one of these:",
    confirmed: "Checked: with these changes a scheme exists.",
    unconfirmed: "These changes could not be confirmed.",
    blocked: "Cannot propose while this error remains: ",
    failed: "The solver failed: ", timeLimit: "Time limit reached without a scheme.",
    notLoaded: "The file does not load: see the diagnostics.",
    noCosts: "This file gives no costs (no financing written): the amounts in euros are unknown.", unknown: "?",
    badValue: "Value refused: ", compare: "Variants side by side", compareWith: "Beside this file (A):", compareBtn: "Compare", restYear: "left to pay / year", cafYear: "Caf part / year", errors: "errors", apply: "Apply", applied: "Change applied.", took: "Re-checked in", open: "open", openHint: "Empty cell: an open figure, chosen by “Propose”. ↑ and ↓: one step up or down.", nameNeeded: "Name of the new file (letters, digits, spaces; “.toml” added when missing)",
    lock: "Lock: “Propose” keeps this figure as written", unlock: "Unlock",
    asked: "Asked: “Propose” meets this figure and adjusts the others (except the locked ones)",
    wish: "variant's ask:", wishHint: "Ask written in the variant (set): “Propose” meets it, as ctgplan propose on this file does",
    reloadedDisk: "The file was changed on disk by someone else: the page shows its new version (“Undo” goes back to yours).",
    export: "Export:", exportHtml: "HTML report", exportXlsx: ".xlsx workbook", exportCsv: "costs .csv",
    asVariant: "as a variant", variantOf: "variant of ",
    asVariantHint: "Writes a small “extends” file: only what differs from this file as saved (which stays untouched).",
    alternative: "Option", plannedAsks: "Asks met: ",
    offline: "The server no longer answers: nothing you do now is checked or saved. Start “ctgplan serve” again and open the address it prints (unsaved changes are lost).",
    failedRequest: "The request failed, nothing changed: ",
    cannotOpen: "Cannot open ", staysOn: "(the page stays on the file shown)",
    stepHint: "↑ and ↓: one step up or down. Empty the cell to let “Propose” choose this figure.",
    pooledWith: "pooled with", pooledHint: "its post is that of the commune it is pooled with (0 ETP of its own).",
    changed: "Changed from before “Propose”: ", nothingChanged: "No figure changed.",
  },
};

const params = new URLSearchParams(location.search);
const TOKEN = params.get("token") || "";
let lang = params.get("lang") === "en" ? "en" : "fr";
// "label : value" in French typography (narrow no-break space), "label: value" in English.
const colon = () => (lang === "fr" ? "\u202f: " : ": ");
// A diagnostic's message and help in the page's language.
const said = (d) =>
  lang === "en" ? { message: d.message_en, help: d.help_en } : { message: d.message, help: d.help };
let file = 0;
let period = null;
let view = null;
let lastFiles = [];
// The page's own timings (ms), from the user's action to the next frame
// painted after the redraw: read by the browser benchmark (docs/benchmarks.md).
const timings = { edit: [], propose: [] };
// Resolves once the browser has painted the redrawn page.
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

const $ = (id) => document.getElementById(id);
const t = (k) => STRINGS[lang][k] || k;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

// Every request goes through here. A server that no longer answers (stopped,
// Ctrl-C) is said at once and stays said until it answers again: a
// negotiator must never believe an edit or a save went through when it did not.
async function call(path, body) {
  let r;
  try {
    r = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "X-Token": TOKEN, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    offline(true);
    return { status: 0, data: { error: t("offline"), offline: true } };
  }
  offline(false);
  let data = {};
  try { data = await r.json(); } catch (e) { data = { error: `${r.status} ${r.statusText}` }; }
  return { status: r.status, data };
}

// The lasting banner of a server that no longer answers.
function offline(on) {
  const b = $("offline");
  if (!b) return;
  b.hidden = !on;
  b.textContent = on ? t("offline") : "";
}

// A refusal from the server, in the page's language when it sends both.
const refusal = (data, status) => String((lang === "en" && data.error_en) || data.error || status);

function setStatus(text, cls) {
  const s = $("status");
  s.textContent = text;
  s.className = cls || "";
}

function translate() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  $("saveas-name").title = t("nameNeeded");
  $("saveas-variant-label").title = t("asVariantHint");
  // Exports of the text as shown (saved or not), in the page's language.
  for (const format of ["html", "xlsx", "csv"]) {
    const q = new URLSearchParams({ token: TOKEN, file: String(file), format, lang });
    $("export-" + format).href = "/api/export?" + q.toString();
  }
  $("lang").value = lang;
  if (!$("offline").hidden) $("offline").textContent = t("offline");
}

async function loadFiles() {
  const { data } = await call("/api/files?token=" + encodeURIComponent(TOKEN));
  const sel = $("file");
  sel.replaceChildren();
  (Array.isArray(data) ? data : []).forEach((name, i) => {
    const o = el("option", name);
    o.value = String(i);
    sel.appendChild(o);
  });
  sel.value = String(file);
  lastFiles = Array.isArray(data) ? data : [];
  renderOthers(lastFiles);
}

// The other files of the list, as boxes to tick: variants B, C...
function renderOthers(names) {
  const box = $("others");
  const ticked = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
  box.replaceChildren();
  names.forEach((name, i) => {
    if (i === file) return;
    const label = el("label", null, "other");
    const c = el("input");
    c.type = "checkbox";
    c.value = String(i);
    c.checked = ticked.has(c.value);
    label.append(c, " ", name);
    box.appendChild(label);
  });
}

// The files compared since "Comparer" was clicked (`null`: none), and the
// last answer: the table follows every change of the page (edits, undo,
// proposals, saves) and its language, never showing figures gone stale.
let comparing = null;
let comparison = null;

async function compare(again) {
  const others = again ? comparing : [...$("others").querySelectorAll("input:checked")].map((i) => Number(i.value));
  if (!others) return;
  comparing = others;
  const { status, data } = await call("/api/compare", { file, period, others });
  // Another file chosen meanwhile: this answer is of the previous one.
  if (comparing !== others) return;
  if (status !== 200) {
    clearComparison();
    if (!again) setStatus(failure(data, status), "bad");
    return;
  }
  comparison = data;
  drawComparison();
}

// Re-run after a change, in the order of the page's calls.
function compareAgain() {
  if (!comparing) return;
  const next = queue.then(() => compare(true));
  queue = next.catch(() => {});
}

function drawComparison() {
  const data = comparison;
  const tbl = $("comparison");
  tbl.tHead.replaceChildren();
  tbl.tBodies[0].replaceChildren();
  tbl.tFoot.replaceChildren();
  if (!data) return;
  const letters = data.columns.map((_, i) => String.fromCharCode(65 + i));
  const n = data.columns.length;
  const names = el("tr");
  const caption = el("th", `${data.period} — ` + data.columns.map((c, i) => `${letters[i]}${colon()}${c.name}`).join(", "));
  caption.colSpan = 1 + 2 * n;
  names.appendChild(caption);
  tbl.tHead.appendChild(names);
  const head = el("tr");
  head.appendChild(el("th", ""));
  for (const l of letters) head.appendChild(el("th", `${t("etp")} ${l}`, "num"));
  for (const l of letters) head.appendChild(el("th", `${t("restYear")} ${l}`, "num"));
  tbl.tHead.appendChild(head);
  // A cell that differs from A is marked; a row with one is highlighted.
  const line = (label, etps, rests, into, asText) => {
    const tr = el("tr");
    tr.appendChild(el("th", label));
    let differs = false;
    const cells = (values, show) => values.forEach((x, i) => {
      const same = x === values[0];
      if (!same) differs = true;
      tr.appendChild(el("td", show(x), "num" + (same || i === 0 ? "" : " differs")));
    });
    cells(etps, asText ? String : fmt);
    // Carriers pay no share of their own (their posts are shared): no figure.
    if (rests) cells(rests, (x) => (x === null ? "—" : money(x)));
    else for (let i = 0; i < n; i++) tr.appendChild(el("td", ""));
    if (differs) tr.className = "changed";
    into.appendChild(tr);
  };
  for (const r of data.rows) line(r.name, r.etp, r.rest, tbl.tBodies[0]);
  line(t("total"), data.columns.map((c) => c.total), data.columns.map((c) => c.rest), tbl.tFoot);
  const caf = el("tr");
  caf.appendChild(el("th", t("cafYear")));
  for (let i = 0; i < n; i++) caf.appendChild(el("td", ""));
  for (const c of data.columns) caf.appendChild(el("td", money(c.caf), "num" + (c.caf === data.columns[0].caf ? "" : " differs")));
  tbl.tFoot.appendChild(caf);
  const errs = el("tr");
  errs.appendChild(el("th", t("errors")));
  for (const c of data.columns) errs.appendChild(el("td", String(c.errors), "num" + (c.errors ? " bad" : "")));
  tbl.tFoot.appendChild(errs);
}

// Calls run one after the other, in the order the user made them.
let queue = Promise.resolve();

function refresh(path, extra) {
  const run = queue.then(() => refreshNow(path, extra));
  queue = run.catch(() => {});
  return run;
}

async function refreshNow(path, extra) {
  const body = Object.assign({ file, period }, extra || {});
  const { status, data } = await call(path, body);
  if (data.view) {
    view = data.view;
    period = view.period;
    render();
    compareAgain();
  } else if (status !== 200 && view) {
    // Nothing changed on the server: the page shows the document again as
    // it is (a refused or lost edit does not stay in its cell).
    render({ keepTyping: false });
  }
  if (status !== 200 && !data.proposal) setStatus(failure(data, status), "bad");
  return { status, data };
}

// What a failed request says: the server's reason, or that it is gone.
const failure = (data, status) => (data.offline ? t("offline") : t("failedRequest") + refusal(data, status));

function cellInput(cell, target) {
  const i = el("input", null, "cell");
  i.type = "text";
  i.inputMode = "decimal";
  i.value = cell.value === null ? "" : fmt(cell.value);
  i.defaultValue = i.value;
  i.dataset.key = cell.key;
  i.placeholder = cell.derived ? `(${fmt(cell.derived)})` : t("open");
  // "Empty cell: an open figure" only on an empty cell.
  i.title = cell.asked ? t("asked") : cell.value === null ? t("openHint") : t("stepHint");
  if (cell.asked) i.classList.add("asked");
  if (cell.locked) i.classList.add("locked");
  i.setAttribute("aria-label", cell.key);
  // ↑ and ↓ move the figure by the scenario's step (0,1 ETP unless the
  // file says otherwise), then re-check it as a typed figure.
  i.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowUp" && ev.key !== "ArrowDown") return;
    const next = stepped(i.value || cell.derived || "0", view && view.step, ev.key === "ArrowUp" ? 1 : -1);
    if (next === null) return;
    ev.preventDefault();
    i.value = fmt(next);
    i.dispatchEvent(new Event("change"));
  });
  i.addEventListener("change", async () => {
    const before = performance.now();
    const { status, data } = await refresh("/api/edit", { period, target, value: i.value });
    if (status === 0) setStatus(t("offline"), "bad");
    else if (status !== 200) setStatus(t("badValue") + refusal(data, status), "bad");
    else {
      await painted();
      const ms = performance.now() - before;
      timings.edit.push(ms);
      setStatus(`${t("took")} ${Math.round(ms)} ms`);
    }
  });
  return i;
}

// The lock beside a cell: "Proposer" keeps a locked figure as written.
// A padlock drawn in SVG (no emoji font is needed, no image is fetched).
function padlock(closed) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 12 14");
  svg.setAttribute("width", "12");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  const shackle = document.createElementNS(ns, "path");
  shackle.setAttribute("d", closed ? "M3.5 7V4.5a2.5 2.5 0 0 1 5 0V7" : "M3.5 7V3a2.5 2.5 0 0 1 5 0");
  shackle.setAttribute("fill", "none");
  shackle.setAttribute("stroke", "currentColor");
  shackle.setAttribute("stroke-width", "1.6");
  const body = document.createElementNS(ns, "rect");
  for (const [k, v] of [["x", "1.5"], ["y", "7"], ["width", "9"], ["height", "6.5"], ["rx", "1"], ["fill", "currentColor"]]) body.setAttribute(k, v);
  svg.append(shackle, body);
  return svg;
}

function lockButton(cell, lockable = true) {
  const b = el("button", null, "lock" + (cell.locked ? " on" : ""));
  b.appendChild(padlock(cell.locked));
  b.type = "button";
  b.dataset.key = cell.key;
  b.title = cell.locked ? t("unlock") : t("lock");
  b.setAttribute("aria-pressed", cell.locked ? "true" : "false");
  b.setAttribute("aria-label", b.title);
  // The coordinator is never chosen by "Proposer": nothing to lock (the
  // hidden button keeps the column aligned).
  b.disabled = cell.value === null || !lockable;
  b.addEventListener("click", () => refresh("/api/lock", { period, key: cell.key, locked: !cell.locked }));
  return b;
}

function flags(td, cell, byCell) {
  const ds = byCell.get(cell.key) || [];
  const input = td.querySelector("input");
  // A variant's own ask (`set`) on this figure: "Proposer" meets it.
  if (cell.wish) {
    const m = /^(>=|<=|=)(.*)$/.exec(cell.wish);
    const said = m ? `${{ ">=": "≥", "<=": "≤", "=": "=" }[m[1]]} ${fmt(m[2])}` : cell.wish;
    const w = el("span", `${t("wish")} ${said}`, "wish");
    w.title = t("wishHint");
    td.appendChild(w);
    if (input) input.classList.add("asked");
  }
  for (const d of ds) {
    if (input) input.classList.add(d.severity);
    const f = el("span", d.code, "flag " + d.severity);
    f.title = said(d).message;
    td.appendChild(f);
  }
}

function render(opts) {
  // A cell being typed in survives the redraw, with what was typed (unless
  // the server refused it: then the document's figure shows again).
  const keep = !opts || opts.keepTyping !== false;
  const active = document.activeElement;
  const typing = keep && active && active.classList && active.classList.contains("cell")
    ? { key: active.dataset.key, value: active.value, edited: active.value !== active.defaultValue }
    : null;
  draw();
  if (typing) {
    const again = document.querySelector(`input.cell[data-key="${CSS.escape(typing.key)}"]`);
    if (again) {
      if (typing.edited) again.value = typing.value;
      again.focus();
    }
  }
}

// The file and period being negotiated, in the address's fragment: a
// reload opens them again (the token stays in the query).
function remember() {
  if (!view || view.period === null) return;
  const p = view.periods[view.period];
  const f = new URLSearchParams({ file: lastFiles[file] || "", period: p ? p.id : "" });
  history.replaceState(null, "", "#" + f.toString());
}

function remembered() {
  const f = new URLSearchParams(location.hash.slice(1));
  const i = lastFiles.indexOf(f.get("file"));
  return { file: i >= 0 ? i : null, period: f.get("period") };
}

function draw() {
  translate();
  remember();
  const v = view;
  const ps = $("period");
  ps.replaceChildren();
  v.periods.forEach((p, i) => {
    const o = el("option", p.label ? `${p.id} — ${p.label}` : p.id);
    o.value = String(i);
    ps.appendChild(o);
  });
  if (v.period !== null) ps.value = String(v.period);
  $("undo").disabled = !v.can_undo;
  $("redo").disabled = !v.can_redo;
  // A variant is shown merged with its base; saved, it stays a variant.
  const of = v.extends ? ` (${t("variantOf")}${v.extends})` : "";
  $("title").textContent = "ctgplan — " + v.name + of + (v.dirty ? " *" : "");

  const byCell = new Map();
  for (const d of v.diagnostics) {
    if (!d.cell) continue;
    if (!byCell.has(d.cell)) byCell.set(d.cell, []);
    byCell.get(d.cell).push(d);
  }

  // Grid: one row per commune or carrier, one column per theme.
  const grid = $("grid");
  const head = el("tr");
  head.appendChild(el("th", t("holder")));
  head.appendChild(el("th", t("etp"), "num"));
  for (const th of v.themes) {
    // The annexes' name of the theme, short (no id: the page speaks in
    // names); the whole name as its tooltip when cut.
    const h = el("th", th.short || th.label || th.id, "theme");
    if (th.short && th.short !== th.label) h.title = th.label;
    head.appendChild(h);
  }
  grid.tHead.replaceChildren(head);
  const body = grid.tBodies[0];
  body.replaceChildren();
  for (const r of v.rows) {
    const tr = el("tr");
    const name = el("th", r.name);
    // A pooled commune's post is its host's: said beside its name.
    if (r.pooled_with) {
      const said = `${t("pooledWith")} ${r.pooled_with}`;
      name.appendChild(el("span", said, "pooled"));
      name.title = t("pooledHint");
    }
    tr.appendChild(name);
    const td = el("td", null, "num");
    const input = cellInput(r.etp, { kind: "post", holder: r.holder });
    if (r.pooled_with && r.etp.value === null) {
      input.title = `${t("pooledWith")} ${r.pooled_with}${colon()}${t("pooledHint")}`;
    }
    td.appendChild(input);
    td.appendChild(lockButton(r.etp));
    flags(td, r.etp, byCell);
    tr.appendChild(td);
    for (const th of v.themes) tr.appendChild(el("td", r.themes.includes(th.id) ? "●" : "", "theme"));
    body.appendChild(tr);
  }
  const foot = grid.tFoot;
  foot.replaceChildren();
  const themesRow = el("tr");
  themesRow.appendChild(el("th", t("themeTotals")));
  themesRow.appendChild(el("td", v.sum_themes === null ? "" : `Σ ${fmt(v.sum_themes)}`, "num"));
  v.theme_totals.forEach((c, i) => {
    const td = el("td");
    td.appendChild(cellInput(c, { kind: "theme", theme: v.themes[i].id }));
    td.appendChild(lockButton(c));
    flags(td, c, byCell);
    themesRow.appendChild(td);
  });
  foot.appendChild(themesRow);
  for (const [label, cell, kind, note] of [
    [t("coordinator"), v.coordinator, "coordinator", null],
    [t("total"), v.total, "total", v.sum_posts === null ? null : `${t("sumPosts")}${colon()}${fmt(v.sum_posts)}`],
    [t("cafTotal"), v.caf_total, "caf_total", null],
  ]) {
    const tr = el("tr");
    tr.appendChild(el("th", label));
    const td = el("td", null, "num");
    td.appendChild(cellInput(cell, { kind }));
    td.appendChild(lockButton(cell, kind !== "coordinator"));
    flags(td, cell, byCell);
    tr.appendChild(td);
    const n = el("td", note || "");
    n.colSpan = Math.max(1, v.themes.length);
    tr.appendChild(n);
    foot.appendChild(tr);
  }

  // Diagnostics list, with codes.
  const list = $("diagnostics");
  list.replaceChildren();
  if (!v.loaded) setStatus(t("notLoaded"), "bad");
  if (v.diagnostics.length === 0) list.appendChild(el("li", t("noDiag"), "ok"));
  for (const d of v.diagnostics) {
    const li = el("li", null, d.severity);
    li.dataset.code = d.code;
    li.appendChild(el("span", d.code, "code"));
    const { message, help } = said(d);
    // A variant's diagnostic may point into its base: named, as `check` does.
    const where = (d.file ? `${d.file}, ` : "") + `${t("line")} ${d.line}`;
    li.appendChild(el("span", `${where}${colon()}${message}`));
    if (help) li.appendChild(el("span", help, "help"));
    list.appendChild(li);
  }

  renderChart(v);
  renderCosts(v);
  if (v.disk === "reloaded") setStatus(t("reloadedDisk"), "conflict");
  else if (v.disk === "conflict" && $("status").className !== "conflict") showConflict();
}

function renderChart(v) {
  const chart = $("chart");
  chart.replaceChildren();
  const values = v.rows.map((r) => Number(r.etp.value || r.etp.derived || 0));
  const max = Math.max(0.1, ...values);
  v.rows.forEach((r, i) => {
    const row = el("div", null, "bar-row");
    row.appendChild(el("span", r.name, "label"));
    const bar = el("span", null, "bar" + (r.carrier ? " carrier" : ""));
    bar.style.width = `${(values[i] / max) * 18}em`;
    row.appendChild(bar);
    const shown = r.etp.value !== null ? r.etp.value : r.etp.derived;
    row.appendChild(el("span", shown === null ? "" : fmt(shown)));
    chart.appendChild(row);
  });
}

// `value` (`0,3` or `0.3`) moved by `dir` steps, as a decimal text with a
// point, in whole steps and never below 0; `null` when it is not a figure.
// Integers scaled by the step's decimals keep the sum exact.
function stepped(value, step, dir) {
  const text = String(value).trim().replace(",", ".");
  if (!step || !/^\d+(\.\d+)?$/.test(text) || !/^\d+(\.\d+)?$/.test(step)) return null;
  const decimals = Math.max((step.split(".")[1] || "").length, (text.split(".")[1] || "").length);
  const scale = 10 ** decimals;
  const unit = Math.round(Number(step) * scale);
  if (unit <= 0) return null;
  const now = Math.round(Number(text) * scale);
  const k = dir > 0 ? Math.floor(now / unit) + 1 : Math.ceil(now / unit) - 1;
  const n = Math.max(0, k * unit);
  const s = (n / scale).toFixed(decimals);
  return decimals > 0 ? s.replace(/\.?0+$/, "") || "0" : s;
}

function fmt(s) {
  if (s === null || s === undefined) return t("unknown");
  return lang === "fr" ? s.replace(".", ",") : s;
}

function money(s) {
  if (s === null || s === undefined) return t("unknown");
  const n = Number(s);
  return n.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function renderCosts(v) {
  const tbl = $("costs");
  const notes = $("cost-notes");
  notes.replaceChildren();
  tbl.tHead.replaceChildren();
  tbl.tBodies[0].replaceChildren();
  tbl.tFoot.replaceChildren();
  if (!v.costs) {
    notes.appendChild(el("li", t("noCosts")));
    return;
  }
  // The file's financing assumptions, before any euro (as `ctgplan cost`).
  for (const line of lang === "en" ? v.costs.financing_en : v.costs.financing) notes.appendChild(el("li", line, "assumption"));
  const head = el("tr");
  for (const [k, cls] of [["holder", ""], ["own", "num"], ["shared", "num"], ["caf", "num"], ["rest", "num"]]) head.appendChild(el("th", t(k), cls));
  tbl.tHead.appendChild(head);
  const row = (r, into) => {
    const tr = el("tr");
    tr.appendChild(el("th", r.name));
    for (const k of ["own", "shared", "caf", "rest"]) tr.appendChild(el("td", money(r[k]), "num"));
    into.appendChild(tr);
  };
  for (const r of v.costs.rows) row(r, tbl.tBodies[0]);
  row(Object.assign({}, v.costs.total, { name: t("total") }), tbl.tFoot);
  for (const n of lang === "en" ? v.costs.notes_en : v.costs.notes) notes.appendChild(el("li", n));
}

// The last proposal shown, drawn again in the other language.
let proposal = null;

function showProposal(p) {
  proposal = p;
  const sec = $("proposal");
  const cards = $("cards");
  cards.replaceChildren();
  sec.hidden = false;
  if (p.kind === "planned") {
    cards.appendChild(el("p", t("planned")));
    // What moved, by name, against the page before "Proposer".
    if (p.changed) cards.appendChild(el("p", t("changed") + (lang === "en" ? p.changed.en : p.changed.fr), "changed"));
    else cards.appendChild(el("p", t("nothingChanged"), "changed"));
    // The asks met, by name ("Aureille 0,3 ETP en 2027-2030"), not as keys.
    const met = (p.said || []).map((x) => (lang === "en" ? x.en : x.fr));
    if (met.length) cards.appendChild(el("p", t("plannedAsks") + met.join(lang === "fr" ? "\u202f; " : "; ")));
  } else if (p.kind === "impossible") {
    cards.appendChild(el("p", t("impossible")));
    p.alternatives.forEach((a, index) => {
      const c = el("div", null, "card");
      c.appendChild(el("h3", `${t("alternative")} ${index + 1}`));
      const ul = el("ul");
      for (const ch of a.changes) {
        const li = el("li");
        li.appendChild(el("strong", ch.code + " "));
        const said = lang === "fr" && ch.text_fr ? ch.text_fr : ch.text;
        const at = ch.line ? ` (${ch.file ? ch.file + ", " : ""}${t("line")} ${ch.line})` : "";
        li.appendChild(el("span", said + at));
        ul.appendChild(li);
      }
      c.appendChild(ul);
      // Its effect against the file as saved, as `ctgplan propose` says it.
      if (a.effect) for (const line of (lang === "en" ? a.effect.en : a.effect.fr).split("\n")) c.appendChild(el("p", line, "effect"));
      c.appendChild(el("p", a.confirmed ? t("confirmed") : t("unconfirmed"), "note"));
      if (a.apply) {
        const b = el("button", t("apply"), "apply");
        b.type = "button";
        b.addEventListener("click", async () => {
          const { status, data } = await refresh("/api/apply", { index });
          if (status === 200) {
            $("proposal").hidden = true;
            setStatus(t("applied"));
          } else setStatus(failure(data, status), "bad");
        });
        c.appendChild(b);
      } else if (a.why_not) c.appendChild(el("p", lang === "en" ? a.why_not.en : a.why_not.fr, "why-not"));
      cards.appendChild(c);
    });
  } else if (p.kind === "blocked") {
    const message = lang === "en" ? p.message_en : p.message;
    cards.appendChild(el("p", t("blocked") + (p.code ? p.code + " " : "") + message));
  } else if (p.kind === "time_limit") {
    cards.appendChild(el("p", t("timeLimit")));
  } else {
    cards.appendChild(el("p", t("failed") + (p.message || "")));
  }
}

// The file changed on disk while the page has changes of its own: the
// user chooses, nothing is dropped silently.
function showConflict() {
  setStatus(t("conflict"), "conflict");
  const reload = el("button", t("reload"), "reload");
  reload.type = "button";
  reload.addEventListener("click", async () => { await refresh("/api/reload"); setStatus(""); });
  const over = el("button", t("overwrite"), "overwrite");
  over.type = "button";
  over.addEventListener("click", () => save({ force: true }));
  $("status").append(" ", reload, " ", over);
}

async function save(extra) {
  const { status, data } = await call("/api/save", Object.assign({ file }, extra));
  if (status === 200) {
    if (typeof data.file === "number") {
      await loadFiles();
    }
    await refresh("/api/view");
    setStatus(t("saved") + data.saved);
  } else if (status === 409 && data.conflict) {
    showConflict();
  } else {
    setStatus(failure(data, status), "bad");
  }
}

// Another file: the last comparison was of the previous one (its A).
function clearComparison() {
  comparing = null;
  comparison = null;
  const tbl = $("comparison");
  tbl.tHead.replaceChildren();
  tbl.tBodies[0].replaceChildren();
  tbl.tFoot.replaceChildren();
}
// A file that cannot open says why; the page stays on the file it shows,
// and so does the selector.
$("file").addEventListener("change", async () => {
  const was = { file, period };
  file = Number($("file").value);
  period = null;
  $("proposal").hidden = true;
  clearComparison();
  renderOthers(lastFiles);
  const { status, data } = await refresh("/api/view");
  if (status === 200) return;
  const name = lastFiles[file] || "";
  file = was.file;
  period = was.period;
  $("file").value = String(file);
  renderOthers(lastFiles);
  if (view) render();
  if (!data.offline) setStatus(`${t("cannotOpen")}${name}${colon()}${refusal(data, status)} ${t("staysOn")}`, "bad");
});
$("period").addEventListener("change", async () => { period = Number($("period").value); $("proposal").hidden = true; await refresh("/api/view"); });
$("lang").addEventListener("change", () => { lang = $("lang").value; if (view) render(); else translate(); drawComparison(); if (proposal && !$("proposal").hidden) showProposal(proposal); });
// Undone or redone, a refusal said before is about a figure no longer shown.
const walk = async (path) => {
  const { status } = await refresh(path);
  if (status === 200 && $("status").className === "bad") setStatus("");
};
$("undo").addEventListener("click", () => walk("/api/undo"));
$("redo").addEventListener("click", () => walk("/api/redo"));
$("propose").addEventListener("click", async () => {
  const before = performance.now();
  const { data } = await refresh("/api/propose");
  if (data.proposal) showProposal(data.proposal);
  else setStatus(failure(data, ""), "bad");
  if (data.proposal) {
    await painted();
    const ms = performance.now() - before;
    timings.propose.push(ms);
    setStatus(`${t("took")} ${Math.round(ms)} ms`);
  }
});
$("save").addEventListener("click", () => save({}));
$("compare").addEventListener("click", () => compare());
$("saveas").addEventListener("click", () =>
  save({ name: $("saveas-name").value.trim(), variant: $("saveas-variant").checked }));

(async () => {
  translate();
  setStatus(t("loading"));
  await loadFiles();
  // Reloaded: the file and the period of the address, when still there.
  const again = remembered();
  if (again.file !== null) {
    file = again.file;
    $("file").value = String(file);
    renderOthers(lastFiles);
  }
  const first = await refresh("/api/view");
  // The remembered file no longer opens: the first of the list.
  if (first.status !== 200 && again.file !== null && file !== 0) {
    file = 0;
    $("file").value = "0";
    renderOthers(lastFiles);
    await refresh("/api/view");
  }
  const at = view && again.period ? view.periods.findIndex((p) => p.id === again.period) : -1;
  if (at >= 0 && at !== period) {
    period = at;
    await refresh("/api/view");
  }
  setStatus(view && view.dirty ? t("unsaved") : "");
})();
