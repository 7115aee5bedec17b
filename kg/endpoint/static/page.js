// The query page: YASQE (editor) and YASR (results) from the locally served YASGUI build,
// the ontology's prefixes, the named queries of queries/*.rq, download links.
// Nothing here talks to any address but this server (the page's Content-Security-Policy says so too).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function notice(text, isError) {
    const el = $("notice");
    el.textContent = text;
    el.className = isError ? "error" : "";
    el.hidden = !text;
  }

  if (!window.Yasgui) {
    notice("The editor's scripts are not built on this server: run scripts/build-assets.sh, then reload.", true);
    return;
  }
  const Yasqe = window.Yasgui.Yasqe;
  const Yasr = window.Yasgui.Yasr;

  const SOLUTION_FORMATS = [["JSON", "json", "srj"], ["XML", "xml", "srx"], ["CSV", "csv", "csv"], ["TSV", "tsv", "tsv"]];
  const GRAPH_FORMATS = [["Turtle", "ttl", "ttl"], ["N-Triples", "nt", "nt"], ["JSON-LD", "jsonld", "jsonld"],
    ["RDF/XML", "rdfxml", "rdf"]];

  function withPrefixes(text, prefixes) {
    const declared = new Set(Array.from(text.matchAll(/PREFIX\s+([\w.-]*):/gi), (m) => m[1]));
    const lines = Object.keys(prefixes)
      .filter((p) => !declared.has(p))
      .map((p) => `PREFIX ${p}: <${prefixes[p]}>`);
    return lines.length ? `${lines.join("\n")}\n\n${text}` : text;
  }

  function errorMessage(error) {
    const text = (error && error.message) || String(error);
    try {
      return JSON.parse(text).message || text;
    } catch (_) {
      return text;
    }
  }

  function countRows(response) {
    try {
      const doc = JSON.parse(response.content);
      if (doc.results) return `${doc.results.bindings.length} rows`;
      if ("boolean" in doc) return `answer: ${doc.boolean}`;
    } catch (_) {
      // not JSON: a graph
    }
    return "done";
  }

  function start(config) {
    $("limits").textContent = `time limit ${config.timeLimit} s · at most ${config.maxRows} rows · ` +
      (config.updates ? "updates with a token" : "read-only");

    const menu = $("named-queries");
    for (const q of config.queries) {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.title === q.name ? q.name : `${q.name} — ${q.title}`;
      menu.appendChild(option);
    }
    const byName = new Map(config.queries.map((q) => [q.name, q]));
    const wanted = new URLSearchParams(window.location.search).get("named");
    const first = byName.get(wanted) || null;

    const yasqe = new Yasqe($("editor"), {
      value: withPrefixes(first ? first.text : Yasqe.defaults.value, config.prefixes),
      persistenceId: null,
      // "prefixes" and "variables" work offline; the class and property completers ask a remote service
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: null,
      requestConfig: {
        endpoint: config.endpoint,
        method: "POST",
        acceptHeaderSelect: "application/sparql-results+json",
        acceptHeaderGraph: "text/turtle",
        acceptHeaderUpdate: "application/json,*/*;q=0.9",
      },
      editorHeight: "260px",
      resizeable: true,
    });
    if (first) menu.value = first.name;

    const yasr = new Yasr($("results"), {
      prefixes: config.prefixes,
      persistenceId: null,
      pluginOrder: ["table", "response"],
      defaultPlugin: "table",
    });

    function updateDownloads() {
      const nav = $("downloads");
      nav.textContent = "下载 · Download:";
      if (yasqe.getQueryMode() !== "query") return;
      const type = yasqe.getQueryType();
      const formats = type === "CONSTRUCT" || type === "DESCRIBE" ? GRAPH_FORMATS : SOLUTION_FORMATS;
      const query = encodeURIComponent(yasqe.getValue());
      for (const [label, format, extension] of formats) {
        const link = document.createElement("a");
        link.href = `${config.endpoint}?query=${query}&format=${format}`;
        link.download = `results.${extension}`;
        link.textContent = label;
        link.dataset.format = format;
        nav.appendChild(link);
      }
    }

    let timer = null;
    yasqe.on("change", () => {
      clearTimeout(timer);
      timer = setTimeout(updateDownloads, 250);
    });
    updateDownloads();

    menu.addEventListener("change", () => {
      const q = byName.get(menu.value);
      if (!q) return;
      yasqe.setValue(withPrefixes(q.text, config.prefixes));
      updateDownloads();
    });

    yasqe.on("query", () => {
      notice("");
      $("status").textContent = "running…";
    });
    yasqe.on("queryResponse", (_instance, response, duration) => {
      yasr.setResponse(response, duration);
      if (response instanceof Error) {
        $("status").textContent = `error after ${duration} ms`;
        notice(errorMessage(response), true);
        return;
      }
      const cut = response.headers && response.headers.get(config.truncatedHeader);
      $("status").textContent = `${countRows(response)} in ${duration} ms`;
      if (cut) notice(`Only the first ${cut} rows are shown: the server's limit. Narrow the query or add LIMIT.`, false);
    });

    function run() {
      return yasqe.query().catch(() => undefined); // the error is shown by the queryResponse handler
    }
    $("run").addEventListener("click", run);
    window.kgPage = { yasqe, yasr, run, config };
    document.body.dataset.ready = "true";
  }

  fetch("/api/page")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`/api/page answered ${r.status}`))))
    .then(start)
    .catch((error) => notice(`The page could not start: ${errorMessage(error)}`, true));
})();
