// The search page: Pagefind's index, queried with its JavaScript API. Its messages come from
// the site's catalogue, in the form's data-* attributes. Loaded only by the search page; every
// other page works without JavaScript.
const form = document.getElementById("tim-kiem");
const status = document.getElementById("trang-thai");
const list = document.getElementById("ket-qua");
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

async function engine() {
  if (!pagefind) {
    pagefind = await import(form.dataset.pagefind);
    await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 30 });
    await pagefind.init();
  }
  return pagefind;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

async function run() {
  const query = input.value.trim();
  list.replaceChildren();
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = message("searching", { query });
  const pf = await engine();
  const filters = rubric.value ? { rubric: rubric.value } : {};
  const search = await pf.search(query, { filters });
  const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  for (const data of results) {
    const item = element("li", "search-result");
    const title = element("h2", "teaser-title");
    const link = element("a", null, data.meta.title);
    link.href = data.url;
    title.append(link);
    const meta = element("p", "meta", [(data.filters.rubric || []).join(", "), data.meta.date].filter(Boolean).join(" · "));
    const excerpt = element("p", "excerpt");
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and marks the matches with <mark>
    item.append(title, meta, excerpt);
    list.append(item);
  }
  const count = search.results.length;
  const where = rubric.value ? message("inRubric", { rubric: rubric.value }) : "";
  status.textContent = count
    ? message("found", { count, query }) + where
    : `${message("none", { query })}${where}.`;
}

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
