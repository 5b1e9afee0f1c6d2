// The search page: Pagefind's index, queried with its JavaScript API. Its messages come from
// the site's catalogue, in the form's data-* attributes. Loaded only by the search page; every
// other page works without JavaScript.
const form = document.getElementById("tim-kiem");
const status = document.getElementById("trang-thai");
const list = document.getElementById("ket-qua");
const more = document.getElementById("them-ket-qua");
const input = form.elements.q;
const rubric = form.elements["chuyen-muc"];
const params = new URLSearchParams(location.search);
input.value = params.get("q") || "";
rubric.value = params.get("chuyen-muc") || "";
let pagefind = null;

// "%(query)s" and the like filled from `values`, as in the gettext catalogue.
function message(name, values) {
  return (form.dataset[name] || "").replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

// The index is one Pagefind index per month (shards.json lists them, newest first) and one of
// the articles changed since their month was indexed: load the newest month and merge the
// others into it, so that one search covers the whole site. The months' copies of the changed
// articles ("hidden", by Pagefind's page id) are left out of every answer.
let hidden = new Set();
async function engine() {
  if (!pagefind) {
    const listing = await (await fetch(form.dataset.shards)).json();
    const folders = listing.shards.map((s) => s.folder);
    if (listing.recent) folders.push(listing.recent.folder);
    hidden = new Set(listing.hidden || []);
    const root = form.dataset.shards.replace(/[^/]*$/, "");
    if (!folders.length) return { search: async () => ({ results: [] }) };
    const pf = await import(`${root}${folders[0]}/pagefind.js`);
    await pf.options({ baseUrl: form.dataset.base, excerptLength: 30 });
    await pf.init();
    for (const folder of folders.slice(1)) await pf.mergeIndex(`${root}${folder}/`, { baseUrl: form.dataset.base });
    pagefind = pf;
  }
  return pagefind;
}

// Pagefind's answer without the hidden pages, each page once.
async function found_by(pf, query, filters) {
  const seen = new Set();
  return (await pf.search(query, { filters })).results.filter((r) => {
    if (hidden.has(r.id) || seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

// The pages holding every word of the query, best first. Pagefind leaves out a word that no
// page of an index holds; with one index per month that would let a month without the word
// answer for the others, so each word is looked up on its own across all months and the
// pages of the whole query are kept only where every word found somewhere is found.
async function matching(pf, query, filters) {
  const whole = await found_by(pf, query, filters);
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length < 2) return whole;
  const sets = [];
  for (const word of words) {
    const one = await found_by(pf, word, filters);
    if (one.length) sets.push(new Set(one.map((r) => r.id)));
  }
  return whole.filter((r) => sets.every((s) => s.has(r.id)));
}

const EXCERPT_WORDS = 30;
const RERANKED = 60; // the best results looked at again for the words as typed

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

// A word as written, up to case and where its tone mark sits ("hoà" is "hòa"), tone kept:
// "Đảng" and "đăng" differ, as "ủy" and "uy" do.
function written(word) {
  const d = word.normalize("NFD").toLowerCase();
  const tone = (d.match(TONES) || [""])[0];
  return d.replace(TONES, "").replace(/[^\p{L}\p{N}\u0302\u0306\u031b]/gu, "") + tone;
}

// Results that hold the query's words as typed, tone marks and all, before those that only
// agree without them ("Đảng ủy" above "đăng ký" and "uy tín"); Pagefind's order otherwise.
// A query typed without marks ("dang uy") keeps Pagefind's order.
async function as_typed_first(found, query) {
  const typed = query.normalize("NFD");
  if (!/[\u0300-\u036f]/.test(typed) && !/[đĐ]/.test(query)) return found;
  const terms = query.split(/\s+/).map(written).filter(Boolean);
  const head = found.slice(0, RERANKED);
  await Promise.all(head.map(async (r) => { r.page = await r.data(); }));
  const score = (r) => {
    const words = new Set(`${r.page.meta.title} ${r.page.content.split(form.dataset.foldedMark)[0]}`
      .split(/\s+/).map(written));
    return terms.filter((t) => words.has(t)).length;
  };
  const scored = head.map((r, i) => ({ r, i, s: score(r) }));
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return [...scored.map((x) => x.r), ...found.slice(RERANKED)];
}

// What a reader may type for a word: no tone or other marks, "đ" as "d", lower case, letters
// and digits only (as newsgen's folded copy in the index).
function fold(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

// The excerpt: the EXCERPT_WORDS words of the text a reader sees (the page's indexed content
// before the folded copy's mark) holding the most words that start with a query term, with
// those words marked. Pagefind's own excerpt may come from the folded copy.
function excerpt_of(content, query) {
  const seen = content.split(form.dataset.foldedMark)[0];
  const words = seen.split(/\s+/).filter(Boolean);
  const terms = query.split(/\s+/).map(fold).filter(Boolean);
  const hits = words.map((w) => {
    const f = fold(w);
    return f !== "" && terms.some((t) => f.startsWith(t));
  });
  let start = 0;
  let best = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    count += hits[i] ? 1 : 0;
    if (i >= EXCERPT_WORDS) count -= hits[i - EXCERPT_WORDS] ? 1 : 0;
    if (count > best) {
      best = count;
      start = Math.max(0, i - EXCERPT_WORDS + 1);
    }
  }
  // Centre the marked words of the best window in the excerpt.
  const inWindow = hits.slice(start, start + EXCERPT_WORDS);
  const first = start + Math.max(0, inWindow.indexOf(true));
  const last = start + Math.max(0, inWindow.lastIndexOf(true));
  const margin = Math.floor((EXCERPT_WORDS - (last - first + 1)) / 2);
  start = Math.max(0, Math.min(first - margin, words.length - EXCERPT_WORDS));
  const out = document.createDocumentFragment();
  words.slice(start, start + EXCERPT_WORDS).forEach((w, k) => {
    if (k) out.append(" ");
    out.append(hits[start + k] ? element("mark", null, w) : w);
  });
  return out;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

const PAGE = 20; // results shown at a time; "more" shows the next ones
let shown = { found: [], query: "", next: 0 };

async function show_more() {
  const { found, query } = shown;
  const batch = found.slice(shown.next, shown.next + PAGE);
  shown.next += batch.length;
  more.hidden = shown.next >= found.length;
  const results = await Promise.all(batch.map((r) => r.page || r.data()));
  for (const data of results) {
    const item = element("li", "search-result");
    const title = element("h2", "teaser-title");
    const link = element("a", null, data.meta.title);
    link.href = data.url;
    title.append(link);
    const meta = element("p", "meta", [(data.filters.rubric || []).join(", "), data.meta.date].filter(Boolean).join(" · "));
    const excerpt = element("p", "excerpt");
    excerpt.append(excerpt_of(data.content, query));
    item.append(title, meta, excerpt);
    list.append(item);
  }
}

async function run() {
  const query = input.value.trim();
  list.replaceChildren();
  more.hidden = true;
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = message("searching", { query });
  const pf = await engine();
  const filters = rubric.value ? { rubric: rubric.value } : {};
  const found = await as_typed_first(await matching(pf, query, filters), query);
  shown = { found, query, next: 0 };
  await show_more();
  const count = found.length;
  const where = rubric.value ? message("inRubric", { rubric: rubric.value }) : "";
  status.textContent = count
    ? message("found", { count, query }) + where
    : `${message("none", { query })}${where}.`;
}

more.addEventListener("click", () => show_more());
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const next = new URLSearchParams();
  if (input.value.trim()) next.set("q", input.value.trim());
  if (rubric.value) next.set("chuyen-muc", rubric.value);
  history.replaceState(null, "", `${location.pathname}${next.size ? "?" + next : ""}`);
  run();
});
rubric.addEventListener("change", () => form.requestSubmit());
run();
