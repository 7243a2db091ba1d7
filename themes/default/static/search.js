// The search box: finds pages of the handbook by title, headings and text.
//
// The index (search-index.js, one per language) is a script, loaded the first
// time the reader types or focuses the box: pages opened from file:// may not
// fetch anything, but they may load a script of their own site. It holds the
// text of every listed page as numbers standing for words (see src/search.rs);
// this file reads them back, folds accents and case so that "perche" finds
// "perché", and shows each match with a highlighted excerpt.
//
// Nodes are made with DOM methods only (no innerHTML) so that this runs under
// the pages' Content-Security-Policy with Trusted Types; the one script URL it
// sets goes through a policy that allows the index's own address only.
(function () {
  "use strict";

  var VERSION = 1;
  var SHOWN = 20;
  var EXCERPT_BEFORE = 12;
  var EXCERPT_LENGTH = 36;

  var box = document.querySelector("[data-search]");
  var input = box && box.querySelector('input[type="search"]');
  var panel = box && box.querySelector(".search-panel");
  var status = box && box.querySelector(".search-status");
  var announcer = box && box.querySelector(".search-announce");
  var list = box && box.querySelector(".search-results");
  if (!input || !panel || !status || !list) return;

  var root = document.documentElement.getAttribute("data-root") || "";
  var indexUrl = box.getAttribute("data-search");
  var index = null;
  var state = "idle"; // idle, loading, ready, failed

  function word(key, fallback) {
    return box.getAttribute("data-" + key) || fallback;
  }

  // ---- Folding ----------------------------------------------------------

  // Lower case, without accents: "Perché" and "perche" are one word.
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  // A heading's id, by the rule rapport gives them (perché-parlo: perche-parlo).
  function slug(text) {
    return text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join("-");
  }

  function termsOf(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // ---- Loading ----------------------------------------------------------

  function scriptUrl(url) {
    var tt = window.trustedTypes;
    if (!tt || !tt.createPolicy) return url;
    var policy = tt.createPolicy("rapport-search", {
      createScriptURL: function (asked) {
        if (asked !== url) throw new TypeError("rapport search loads its index only");
        return asked;
      },
    });
    return policy.createScriptURL(url);
  }

  function load() {
    if (state !== "idle") return;
    state = "loading";
    var script = document.createElement("script");
    script.addEventListener("load", function () {
      try {
        index = prepare(window.rapportSearchIndex);
        state = "ready";
      } catch (e) {
        state = "failed";
      }
      window.rapportSearchIndex = undefined;
      run();
    });
    script.addEventListener("error", function () {
      state = "failed";
      run();
    });
    try {
      script.src = scriptUrl(indexUrl);
    } catch (e) {
      // A page whose policy does not allow rapport-search (an older
      // template, a server's own header): say so rather than wait forever.
      state = "failed";
      return;
    }
    document.head.appendChild(script);
  }

  // The digits numbers are written with: printable ASCII but `"` and `\`.
  var DIGIT = new Int8Array(128).fill(-1);
  (function () {
    var value = 0;
    for (var code = 32; code < 127; code++) {
      if (code === 34 || code === 92) continue;
      DIGIT[code] = value++;
    }
  })();

  // A reader of strings of numbers, each ending with one of the first `last`
  // digits. `first[n]` is the first number written with n digits.
  function decoder(last) {
    var more = 93 - last;
    var first = [0, 0];
    for (var n = 2, block = last; n <= 16; n++, block *= more) first[n] = first[n - 1] + block;
    return function (text) {
      var ids = new Int32Array(text.length);
      var count = 0;
      var acc = 0;
      var length = 0;
      for (var i = 0; i < text.length; i++) {
        var code = text.charCodeAt(i);
        var d = code < 128 ? DIGIT[code] : -1;
        if (d < 0) throw new Error("bad digit in the search index");
        length++;
        if (d < last) {
          ids[count++] = first[length] + acc * last + d;
          acc = 0;
          length = 0;
        } else {
          acc = acc * more + (d - last);
        }
      }
      return ids.subarray(0, count);
    };
  }

  function prepare(data) {
    if (
      !data || data.version !== VERSION || !Array.isArray(data.words) || !Array.isArray(data.docs) ||
      !(data.last >= 2 && data.last <= 92)
    ) {
      throw new Error("not a search index this script reads");
    }
    var words = data.words.map(String);
    var decode = decoder(data.last);
    // Each folded term and the words it is part of ("l’incontro": "l", "incontro").
    var byTerm = new Map();
    var wordTerms = words.map(termsOf);
    wordTerms.forEach(function (list, id) {
      list.forEach(function (term) {
        var ids = byTerm.get(term);
        if (!ids) byTerm.set(term, (ids = []));
        ids.push(id);
      });
    });
    var terms = Array.from(byTerm.keys()).sort();
    var parts = [];
    var docs = data.docs.map(function (entry, d) {
      var doc = {
        url: String(entry[0]),
        title: String(entry[1]),
        group: String((data.groups || [])[entry[2]] || ""),
        titleTerms: termsOf(String(entry[1])),
        parts: [],
      };
      (entry[3] || []).forEach(function (p) {
        var heading = "";
        var headingTerms = [];
        decode(String(p[1] || "")).forEach(function (id) {
          heading += words[id];
          headingTerms.push.apply(headingTerms, wordTerms[id]);
        });
        var part = {
          doc: d,
          // "" when it is the heading's usual id: made when shown.
          anchor: String(p[0] || ""),
          heading: heading.trim(),
          headingTerms: headingTerms,
          ids: decode(String(p[2] || "")),
        };
        doc.parts.push(parts.length);
        parts.push(part);
      });
      return doc;
    });
    // Which parts each word is in.
    var postings = words.map(function () { return []; });
    parts.forEach(function (part, p) {
      var ids = part.ids;
      for (var i = 0; i < ids.length; i++) {
        var list = postings[ids[i]];
        if (list[list.length - 1] !== p) list.push(p);
      }
    });
    return { words: words, byTerm: byTerm, terms: terms, docs: docs, parts: parts, postings: postings };
  }

  // ---- Searching --------------------------------------------------------

  // The words of the index a query term stands for: every word with a term
  // that starts with it ("clien" finds "client" and "clients").
  function wordsFor(q, whole) {
    var terms = index.terms;
    var lo = 0;
    var hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < q) lo = mid + 1;
      else hi = mid;
    }
    var ids = new Set();
    for (var i = lo; i < terms.length && terms[i].lastIndexOf(q, 0) === 0; i++) {
      if (whole && terms[i] !== q) continue;
      index.byTerm.get(terms[i]).forEach(function (id) { ids.add(id); });
    }
    return ids;
  }

  function startsAny(terms, q, whole) {
    for (var i = 0; i < terms.length; i++) {
      if (whole ? terms[i] === q : terms[i].lastIndexOf(q, 0) === 0) return true;
    }
    return false;
  }

  function search(query) {
    var qs = termsOf(query);
    if (!qs.length) return { terms: [], found: [], total: 0 };
    var all = new Set();
    // Any word may be cut short ("cher pick" finds "cherry pickers"), but a
    // single letter before the last word stands for itself (the "l" of
    // "l’incontro" is no start of every word in l).
    var whole = qs.map(function (q, t) { return q.length < 2 && t < qs.length - 1; });
    var perTerm = qs.map(function (q, t) {
      var ids = wordsFor(q, whole[t]);
      ids.forEach(function (id) { all.add(id); });
      // The parts whose text has the term.
      var inText = new Set();
      ids.forEach(function (id) {
        index.postings[id].forEach(function (p) { inText.add(p); });
      });
      return inText;
    });
    var found = [];
    index.docs.forEach(function (doc, d) {
      var score = 0;
      var partScore = new Map();
      for (var t = 0; t < qs.length; t++) {
        var q = qs[t];
        var best = startsAny(doc.titleTerms, q, whole[t]) ? 10 : 0;
        for (var k = 0; k < doc.parts.length; k++) {
          var p = doc.parts[k];
          var here = (startsAny(index.parts[p].headingTerms, q, whole[t]) ? 4 : 0) + (perTerm[t].has(p) ? 1 : 0);
          if (here) {
            partScore.set(p, (partScore.get(p) || 0) + here);
            if (here > best) best = here;
          }
        }
        if (!best) return;
        score += best;
      }
      var bestPart = doc.parts[0];
      var bestScore = -1;
      partScore.forEach(function (s, p) {
        if (s > bestScore) {
          bestScore = s;
          bestPart = p;
        }
      });
      found.push({ doc: d, part: bestPart, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { terms: qs, ids: all, found: found.slice(0, SHOWN), total: found.length };
  }

  // ---- Showing ----------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // `text` with the words that start with a query term in <mark>.
  function highlighted(node, text, qs) {
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (piece, i) {
      if (!piece) return;
      var hit = i % 2 === 1 && qs.some(function (q) { return fold(piece).lastIndexOf(q, 0) === 0; });
      node.appendChild(hit ? el("mark", "", piece) : document.createTextNode(piece));
    });
    return node;
  }

  // A few lines of the part's text around its first match. Each word of the
  // index carries its marks and the space after it ("clients, "): only the
  // word itself is highlighted.
  function excerpt(part, ids) {
    var node = el("span", "search-result-excerpt");
    var first = 0;
    for (var i = 0; i < part.ids.length; i++) {
      if (ids.has(part.ids[i])) {
        first = i;
        break;
      }
    }
    var start = Math.max(0, first - EXCERPT_BEFORE);
    var end = Math.min(part.ids.length, start + EXCERPT_LENGTH);
    var plain = start > 0 ? "… " : "";
    for (var j = start; j < end; j++) {
      var w = index.words[part.ids[j]];
      var m = ids.has(part.ids[j]) && /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(w);
      if (m && m[2]) {
        node.appendChild(document.createTextNode(plain + m[1]));
        node.appendChild(el("mark", "", m[2]));
        plain = m[3];
      } else {
        plain += w;
      }
    }
    plain = plain.replace(/ $/, "");
    if (end < part.ids.length) plain += " …";
    if (plain) node.appendChild(document.createTextNode(plain));
    return node;
  }

  function show(outcome, query) {
    list.textContent = "";
    outcome.found.forEach(function (hit) {
      var doc = index.docs[hit.doc];
      var part = index.parts[hit.part];
      var a = el("a", "search-result-link");
      var anchor = part.anchor || slug(part.heading);
      a.href = root + doc.url + "index.html" + (anchor ? "#" + encodeURIComponent(anchor) : "");
      a.appendChild(highlighted(el("span", "search-result-title"), doc.title, outcome.terms));
      var where = [doc.group, part.heading].filter(Boolean).join(" › ");
      if (where) a.appendChild(highlighted(el("span", "search-result-where"), where, outcome.terms));
      a.appendChild(excerpt(part, outcome.ids));
      var li = el("li", "search-result");
      li.appendChild(a);
      list.appendChild(li);
    });
    var text;
    if (!outcome.total) text = word("none", "Nothing found for “{query}”.").replace("{query}", query.trim());
    else if (outcome.total === 1) text = word("one", "1 result");
    else text = word("many", "{count} results").replace("{count}", String(outcome.total));
    if (outcome.total > outcome.found.length) {
      text += " " + word("shown", "(the first {shown})").replace("{shown}", String(outcome.found.length));
    }
    status.textContent = text;
  }

  // Screen readers hear the count from a live region that is always there
  // (one inside the hidden panel would go unheard), once typing pauses.
  var announced = 0;
  function announce(text) {
    clearTimeout(announced);
    announced = setTimeout(function () {
      if (announcer) announcer.textContent = text;
    }, 400);
  }

  var pending = 0;
  // Enter pressed before the index had loaded: open the best match once it has.
  var openWhenReady = false;
  function run() {
    var query = input.value;
    if (!query.trim()) {
      close();
      return;
    }
    panel.hidden = false;
    if (state === "idle") load();
    if (state === "loading") {
      status.textContent = word("loading", "Loading…");
      announce(status.textContent);
      return;
    }
    if (state === "failed") {
      openWhenReady = false;
      list.textContent = "";
      status.textContent = word("failed", "The search could not start.");
      announce(status.textContent);
      return;
    }
    show(search(query), query);
    announce(status.textContent);
    if (openWhenReady) {
      openWhenReady = false;
      if (links().length) links()[0].click();
    }
  }

  function close() {
    openWhenReady = false;
    panel.hidden = true;
    list.textContent = "";
    status.textContent = "";
    announce("");
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  // Back in the box with a query: the results again.
  input.addEventListener("focus", function () {
    load();
    if (input.value.trim() && panel.hidden) run();
  });
  input.addEventListener("input", function () {
    // Typing fast: search once the keys pause for a moment.
    clearTimeout(pending);
    pending = setTimeout(run, index && index.parts.length > 2000 ? 120 : 30);
  });
  input.addEventListener("keydown", function (e) {
    if (e.isComposing) return;
    if (e.key === "ArrowDown" && input.value.trim()) {
      if (panel.hidden) run();
      if (links().length) {
        e.preventDefault();
        links()[0].focus();
      }
    } else if (e.key === "Enter") {
      clearTimeout(pending);
      run();
      if (links().length) {
        e.preventDefault();
        links()[0].click();
      } else if (state === "loading") {
        e.preventDefault();
        openWhenReady = true;
      }
    } else if (e.key === "Escape") {
      if (input.value) {
        // Chromium's own clearing of a search box fires `input`, not this.
        input.value = "";
      }
      close();
    }
  });
  list.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" && at < all.length - 1) {
      e.preventDefault();
      all[at + 1].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      input.focus();
      close();
    }
  });
  // Leaving the box closes the results: Tab to elsewhere, or a press
  // outside it. (Not a focusout with nowhere to go: some browsers give links
  // no focus on a press, and the results would close under the click.)
  function hide() {
    openWhenReady = false;
    panel.hidden = true;
  }
  box.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !box.contains(e.relatedTarget)) hide();
  });
  document.addEventListener("pointerdown", function (e) {
    if (!box.contains(e.target)) hide();
  });
  input.addEventListener("click", function () {
    if (input.value.trim()) run();
  });
  // "/" anywhere but in a field goes to the search box, as on many doc sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
  });
})();
