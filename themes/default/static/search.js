// The search box: finds pages of the handbook by title, headings and text.
//
// The index (search-index.js, one per language) is a script, loaded the first
// time the reader types or focuses the box: pages opened from file:// may not
// fetch anything, but they may load a script of their own site. It holds the
// text of every listed page as numbers standing for words, and for every
// folded term the pages and parts it is in (see src/search/). A big site's
// index is cut in pieces: shards of terms, loaded for the terms typed, and
// fragments of pages, loaded for the pages shown. This file ranks the pages
// from the terms, folds accents and case so that "perche" finds "perché", and
// shows each match with a highlighted excerpt.
//
// Nodes are made with DOM methods only (no innerHTML) so that this runs under
// the pages' Content-Security-Policy with Trusted Types; the script URLs it
// sets go through a policy that allows the index's own addresses only.
(function () {
  "use strict";

  var VERSION = 2;
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

  // Every script of the index hands its chunks to rapportSearch.push: the
  // manifest, shards of terms (t0.js…) and fragments of pages (f0.js…).
  var dir = indexUrl.replace(/[^/]*$/, "") + "search-index/";
  var policy = null;
  function scriptUrl(url) {
    var tt = window.trustedTypes;
    if (!tt || !tt.createPolicy) return url;
    if (!policy) {
      policy = tt.createPolicy("rapport-search", {
        createScriptURL: function (asked) {
          var own = asked === indexUrl ||
            (asked.lastIndexOf(dir, 0) === 0 && /^[tf][0-9]+\.js$/.test(asked.slice(dir.length)));
          if (!own) throw new TypeError("rapport search loads its index only");
          return asked;
        },
      });
    }
    return policy.createScriptURL(url);
  }

  var scripts = {};
  // Loads a script of the index once; `done(ok)` when it has run.
  function loadScript(url, done) {
    var entry = scripts[url];
    if (!entry) {
      entry = scripts[url] = { state: "loading", waiting: [] };
      var script = document.createElement("script");
      var settle = function (state) {
        entry.state = state;
        entry.waiting.splice(0).forEach(function (f) { f(state === "ready"); });
      };
      script.addEventListener("load", function () { settle("ready"); });
      script.addEventListener("error", function () { settle("failed"); });
      try {
        script.src = scriptUrl(url);
      } catch (e) {
        // A page whose policy does not allow rapport-search (an older
        // template, a server's own header): say so rather than wait forever.
        settle("failed");
        done(false);
        return;
      }
      document.head.appendChild(script);
    }
    if (entry.state === "loading") entry.waiting.push(done);
    else done(entry.state === "ready");
  }

  // Loads the scripts at `urls`; `done(ok)` once all have run.
  function loadAll(urls, done) {
    var left = urls.length;
    var ok = true;
    if (!left) return done(true);
    urls.forEach(function (url) {
      loadScript(url, function (fine) {
        ok = ok && fine;
        if (--left === 0) done(ok);
      });
    });
  }

  window.rapportSearch = {
    push: function () {
      for (var i = 0; i < arguments.length; i++) {
        try {
          take(arguments[i]);
        } catch (e) {
          state = "failed";
        }
      }
    },
  };

  function take(chunk) {
    if (chunk.kind === "index") {
      index = prepare(chunk);
    } else if (index && chunk.kind === "terms") {
      var terms = chunk.terms || {};
      index.shards[chunk.shard] = { terms: terms, sorted: Object.keys(terms).sort(), read: new Map() };
    } else if (index && chunk.kind === "docs") {
      takeDocs(chunk);
      if (!index.split) derive();
    }
  }

  function load() {
    if (state !== "idle") return;
    state = "loading";
    loadScript(indexUrl, function (ok) {
      if (state === "loading") state = ok && index ? "ready" : "failed";
      run();
    });
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
  var gaps = decoder(64);

  function prepare(data) {
    if (
      !data || data.version !== VERSION || !Array.isArray(data.words) || !Array.isArray(data.starts) ||
      !(data.last >= 2 && data.last <= 92) || !(data.docs >= 0) || typeof data.fragments !== "string"
    ) {
      throw new Error("not a search index this script reads");
    }
    var words = data.words.map(String);
    // Each fragment's first page, from how many pages each holds.
    var cuts = [];
    gaps(data.fragments).reduce(function (first, less) {
      cuts.push(first);
      return first + less + 1;
    }, 0);
    return {
      split: data.split === true,
      decode: decoder(data.last),
      groups: (data.groups || []).map(String),
      count: data.docs,
      cuts: cuts,
      starts: data.starts.map(String),
      // Every word met so far: the shared ones, then those of fragments.
      words: words,
      shared: words.length,
      wordIds: new Map(words.map(function (w, i) { return [w, i]; })),
      wordTerms: [],
      shards: [],
      fragments: [],
      docs: [],
    };
  }

  // The terms of word `id` ("l’incontro": "l", "incontro"), folded once.
  function wordTerms(id) {
    var terms = index.wordTerms[id];
    if (!terms) terms = index.wordTerms[id] = termsOf(index.words[id]);
    return terms;
  }

  // A fragment's pages, their words numbered among all the words met.
  function takeDocs(chunk) {
    var shared = index.shared;
    var local = (chunk.words || []).map(function (w) {
      w = String(w);
      var id = index.wordIds.get(w);
      if (id === undefined) {
        id = index.words.length;
        index.words.push(w);
        index.wordIds.set(w, id);
      }
      return id;
    });
    // A word's number, plus one, or zero, which ends a heading or a text.
    var wordOf = function (v) {
      var n = v - 1;
      return n < shared ? n : local[n - shared];
    };
    var first = chunk.first;
    (chunk.docs || []).forEach(function (entry, k) {
      var anchors = new Map((entry[4] || []).map(function (a) { return [a[0], String(a[1])]; }));
      var doc = {
        url: String(entry[0]),
        title: String(entry[1]),
        group: index.groups[entry[2]] || "",
        parts: [],
      };
      var numbers = index.decode(String(entry[3] || ""));
      var fields = [];
      var from = 0;
      for (var i = 0; i < numbers.length; i++) {
        if (numbers[i] !== 0) continue;
        var ids = new Int32Array(i - from);
        for (var j = from; j < i; j++) ids[j - from] = wordOf(numbers[j]);
        fields.push(ids);
        from = i + 1;
      }
      for (var f = 0; f + 1 < fields.length; f += 2) {
        var heading = "";
        var headingTerms = [];
        fields[f].forEach(function (id) {
          heading += index.words[id];
          headingTerms.push.apply(headingTerms, wordTerms(id));
        });
        doc.parts.push({
          // "" when it is the heading's usual id: made when shown.
          anchor: anchors.get(f / 2) || "",
          heading: heading.trim(),
          headingTerms: headingTerms,
          ids: fields[f + 1],
        });
      }
      doc.titleTerms = termsOf(doc.title);
      index.docs[first + k] = doc;
    });
    index.fragments[chunk.fragment] = true;
  }

  // ---- Searching --------------------------------------------------------

  // How many items of the sorted `list` come before `value` (with
  // `orEqual`, how many are not after it).
  function countBefore(list, value, orEqual) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < value || (orEqual && list[mid] === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Which fragment holds page `d`: they are ranges of the reading order.
  function fragmentOf(d) {
    return countBefore(index.cuts, d, true) - 1;
  }

  // Which shard holds `term`: the shards are ranges of the sorted terms.
  function shardOf(term) {
    return countBefore(index.starts, term, true);
  }

  // Any word may be cut short ("cher pick" finds "cherry pickers"), but a
  // single letter stands for itself before the last word (the "l" of
  // "l’incontro" is no start of every word in l), and in an index cut in
  // shards, where it would load every shard of its letter.
  function wholeWords(qs) {
    return qs.map(function (q, t) { return q.length < 2 && (t < qs.length - 1 || index.split); });
  }

  // The shards a query needs: those of the terms each query term starts.
  function shardsFor(qs, whole) {
    var need = [];
    qs.forEach(function (q, t) {
      var from = shardOf(q);
      var to = whole[t] ? from : shardOf(q + "\uffff");
      for (var s = from; s <= to; s++) if (need.indexOf(s) < 0) need.push(s);
    });
    return need;
  }

  // The places of every term that query term `q` stands for.
  function placesOf(q, whole) {
    var found = [];
    shardsFor([q], [whole]).forEach(function (s) {
      var shard = index.shards[s];
      var sorted = shard.sorted;
      for (var i = countBefore(sorted, q, false); i < sorted.length && sorted[i].lastIndexOf(q, 0) === 0; i++) {
        if (whole && sorted[i] !== q) break;
        found.push(placesIn(shard, sorted[i]));
      }
    });
    return found;
  }

  // A list of pages: gaps between them, or ["bits"], six pages to a digit.
  function pagesOf(value) {
    var docs = [];
    if (Array.isArray(value)) {
      var bits = String(value[0] || "");
      for (var i = 0; i < bits.length; i++) {
        var v = DIGIT[bits.charCodeAt(i)];
        for (var b = 0; b < 6; b++) if (v & (1 << b)) docs.push(i * 6 + b);
      }
      return docs;
    }
    var list = gaps(String(value || ""));
    for (var k = 0, next = 0; k < list.length; k++) {
      docs.push(next + list[k]);
      next += list[k] + 1;
    }
    return docs;
  }

  // A list of parts: per part, its page less the one before, then the
  // part; read as [page, part, page, part, …].
  function partsOf(value) {
    var list = gaps(String(value || ""));
    var out = [];
    for (var k = 0, doc = 0; k + 1 < list.length; k += 2) {
      doc += list[k];
      out.push(doc, list[k + 1]);
    }
    return out;
  }

  // A term's places in a shard, read the first time a query needs them.
  function placesIn(shard, term) {
    var places = shard.read.get(term);
    if (!places) {
      var raw = shard.terms[term];
      places = { title: pagesOf(raw[0]), heading: partsOf(raw[1]), text: pagesOf(raw[2]), both: partsOf(raw[3]) };
      shard.read.set(term, places);
    }
    return places;
  }

  // A small index comes with its pages but not its terms: they are found
  // here, where a part has "both" for a term when its heading has a term of
  // the same first letter (a query term of one letter starts many words).
  function derive() {
    var read = new Map();
    var of = function (term) {
      var places = read.get(term);
      if (!places) read.set(term, (places = { title: [], heading: [], text: [], both: [] }));
      return places;
    };
    index.docs.forEach(function (doc, d) {
      new Set(doc.titleTerms).forEach(function (term) { of(term).title.push(d); });
      doc.parts.forEach(function (part, k) {
        var firsts = new Set();
        new Set(part.headingTerms).forEach(function (term) {
          of(term).heading.push(d, k);
          firsts.add(term.charAt(0));
        });
        var seen = new Set();
        for (var i = 0; i < part.ids.length; i++) {
          wordTerms(part.ids[i]).forEach(function (term) {
            if (seen.has(term)) return;
            seen.add(term);
            var places = of(term);
            if (places.text[places.text.length - 1] !== d) places.text.push(d);
            if (firsts.has(term.charAt(0))) places.both.push(d, k);
          });
        }
      });
    });
    index.shards[0] = { sorted: Array.from(read.keys()).sort(), read: read };
  }

  // Every page with all the query's terms, ranked: per term, 10 for the
  // title, else 5 for a part with it in both heading and text, 4 in a
  // heading, 1 in the text.
  function rank(qs, whole) {
    var count = index.count;
    var total = new Int32Array(count);
    qs.forEach(function (q, t) {
      var best = new Uint8Array(count);
      var places = placesOf(q, whole[t]);
      var headed = new Set();
      var raise = function (d, score) { if (d < count && best[d] < score) best[d] = score; };
      places.forEach(function (p) {
        p.title.forEach(function (d) { raise(d, 10); });
        for (var i = 0; i + 1 < p.heading.length; i += 2) {
          raise(p.heading[i], 4);
          headed.add(p.heading[i] * 65536 + p.heading[i + 1]);
        }
        p.text.forEach(function (d) { raise(d, 1); });
      });
      places.forEach(function (p) {
        for (var i = 0; i + 1 < p.both.length; i += 2) {
          if (headed.has(p.both[i] * 65536 + p.both[i + 1])) raise(p.both[i], 5);
        }
      });
      for (var d = 0; d < count; d++) total[d] = best[d] && total[d] >= 0 ? total[d] + best[d] : -1;
    });
    var found = [];
    for (var d = 0; d < count; d++) if (total[d] > 0) found.push({ doc: d, score: total[d] });
    found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return found;
  }

  function startsAny(terms, q, whole) {
    for (var i = 0; i < terms.length; i++) {
      if (whole ? terms[i] === q : terms[i].lastIndexOf(q, 0) === 0) return true;
    }
    return false;
  }

  // Whether word `id` is one the query finds: for the excerpt's marks.
  function hitter(qs, whole) {
    var memo = new Map();
    return function (id) {
      var hit = memo.get(id);
      if (hit === undefined) {
        var terms = wordTerms(id);
        hit = qs.some(function (q, t) { return startsAny(terms, q, whole[t]); });
        memo.set(id, hit);
      }
      return hit;
    };
  }

  // The part of a page shown for the query: the one that scores best.
  // `termHits[t]`: whether a word is one query term `t` finds.
  function bestPart(doc, qs, whole, termHits) {
    var partScore = new Map();
    qs.forEach(function (q, t) {
      var term = termHits[t];
      doc.parts.forEach(function (part, k) {
        var inText = false;
        for (var i = 0; i < part.ids.length && !inText; i++) inText = term(part.ids[i]);
        var here = (startsAny(part.headingTerms, q, whole[t]) ? 4 : 0) + (inText ? 1 : 0);
        if (here) partScore.set(k, (partScore.get(k) || 0) + here);
      });
    });
    var best = 0;
    var bestScore = -1;
    partScore.forEach(function (s, k) {
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    });
    return best;
  }

  // The query's results, or the scripts it still needs.
  function search(query) {
    var qs = termsOf(query);
    if (!qs.length) return { terms: [], found: [], total: 0 };
    var whole = wholeWords(qs);
    var shards = shardsFor(qs, whole).filter(function (s) { return !index.shards[s]; });
    if (shards.length) return { need: shards.map(function (s) { return dir + "t" + s + ".js"; }) };
    var found = rank(qs, whole);
    var shown = found.slice(0, SHOWN);
    var fragments = [];
    shown.forEach(function (hit) {
      var f = fragmentOf(hit.doc);
      if (!index.fragments[f] && fragments.indexOf(f) < 0) fragments.push(f);
    });
    if (fragments.length) return { need: fragments.map(function (f) { return dir + "f" + f + ".js"; }) };
    var isHit = hitter(qs, whole);
    var termHits = qs.map(function (q, t) { return hitter([q], [whole[t]]); });
    return {
      terms: qs,
      isHit: isHit,
      found: shown.map(function (hit) {
        var doc = index.docs[hit.doc];
        return { doc: doc, part: doc.parts[bestPart(doc, qs, whole, termHits)] };
      }),
      total: found.length,
    };
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
  function excerpt(part, isHit) {
    var node = el("span", "search-result-excerpt");
    var first = 0;
    for (var i = 0; i < part.ids.length; i++) {
      if (isHit(part.ids[i])) {
        first = i;
        break;
      }
    }
    var start = Math.max(0, first - EXCERPT_BEFORE);
    var end = Math.min(part.ids.length, start + EXCERPT_LENGTH);
    var plain = start > 0 ? "… " : "";
    for (var j = start; j < end; j++) {
      var w = index.words[part.ids[j]];
      var m = isHit(part.ids[j]) && /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(w);
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
      var doc = hit.doc;
      var part = hit.part;
      var a = el("a", "search-result-link");
      var anchor = part.anchor || slug(part.heading);
      a.href = root + doc.url + "index.html" + (anchor ? "#" + encodeURIComponent(anchor) : "");
      a.appendChild(highlighted(el("span", "search-result-title"), doc.title, outcome.terms));
      var where = [doc.group, part.heading].filter(Boolean).join(" › ");
      if (where) a.appendChild(highlighted(el("span", "search-result-where"), where, outcome.terms));
      a.appendChild(excerpt(part, outcome.isHit));
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
    var outcome = search(query);
    if (outcome.need) {
      var stuck = outcome.need.some(function (url) { return scripts[url] && scripts[url].state !== "loading"; });
      if (stuck) {
        // Loaded, yet what it should have held is not there.
        state = "failed";
        run();
        return;
      }
      // Shards or fragments still to load: this runs again once they have,
      // with whatever the box says by then.
      if (!list.childNodes.length) status.textContent = word("loading", "Loading…");
      loadAll(outcome.need, function (ok) {
        if (!ok) state = "failed";
        run();
      });
      return;
    }
    show(outcome, query);
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
    pending = setTimeout(run, index && index.split ? 60 : 30);
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
