// Makes checklists live: score as you answer, share the answers as a link.
//
// Each checklist on the page (the checklist's own page, or one or more shown
// in an article) is an element `[data-checklist-root]` holding a
// `form[data-checklist]` and its `<script type="application/json">` data block
// (id `checklist-data`, prefixed in articles): each works on its own, inside
// its root. The page is a complete questionnaire without this file. The data
// block holds the model src/checklist/mod.rs serializes; the scoring below is
// the same as src/checklist/score.rs, and tests/vectors/scoring.json runs
// through both.
//
// The address holds the answers of one checklist, the one last answered
// (`#<checklist id>:…`); every checklist ignores a fragment that is not its own.
//
// The URL fragment is untrusted input: it is only ever used to tick inputs that
// the page already has (`.checked`), never turned into markup. Every node this
// file adds is made with DOM methods, textContent or cloned from the page, so it
// runs under a strict Content-Security-Policy with Trusted Types, and it needs
// no network, so it works from file:// too.
(function () {
  "use strict";

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function byAttribute(selector, attribute, root) {
    var map = new Map();
    all(selector, root).forEach(function (el) {
      var key = el.getAttribute(attribute);
      if (!map.has(key)) map.set(key, el);
    });
    return map;
  }

  all("form[data-checklist]").forEach(function (form) {
    // A theme from before several checklists per page: the page is the root.
    var page = form.closest("[data-checklist-root]") || form.closest(".checklist-page") || document.body;
    var dataBlock =
      page.querySelector('script[type="application/json"][id$="checklist-data"]') ||
      document.getElementById("checklist-data");
    var model;
    try {
      model = JSON.parse(dataBlock.textContent);
    } catch (e) {
      return;
    }
    if (!model || !Array.isArray(model.sections) || !Array.isArray(model.results)) return;
    start(page, form, model);
  });

  /** Makes the checklist `model` live: its `form`, inside `page` (its root). */
  function start(page, form, model) {

    // --- The rules (src/checklist/score.rs) ---------------------------------

    function maxPoints(q) {
      var best = 0;
      q.answers.forEach(function (a, i) {
        if (q.kind === "multi") best += Math.max(0, a.score);
        else if (i === 0 || a.score > best) best = a.score;
      });
      return q.weight * Math.max(0, best);
    }

    // Whether every show_if condition holds on the answers of visible questions.
    function isVisible(q, chosen) {
      return q.show_if.every(function (c) {
        var ids = chosen.get(c.question);
        return !!ids && ids.some(function (id) { return c.any_of.indexOf(id) >= 0; });
      });
    }

    // Indexes of the known answers given for `q`: at most one, unless multi.
    function picks(q, given) {
      var out = [];
      (given || []).some(function (id) {
        var i = q.answers.findIndex(function (a) { return a.id === id; });
        if (i >= 0 && out.indexOf(i) < 0) out.push(i);
        return q.kind !== "multi" && out.length > 0;
      });
      return out;
    }

    function figures(points, max) {
      return { points: points, max: max, percent: max > 0 ? Math.floor((100 * points) / max) : 0 };
    }

    /** Scores `answers` (Map: question id → answer ids), as score::score does. */
    function score(answers) {
      var chosen = new Map();
      var out = { sections: [], answered: 0, visible: 0, flags: [], hidden: [], result: null };
      var points = 0, max = 0, dealbreaker = false;
      model.sections.forEach(function (section) {
        var sPoints = 0, sMax = 0;
        section.questions.forEach(function (q) {
          if (!isVisible(q, chosen)) {
            out.hidden.push(q.id);
            return;
          }
          out.visible += 1;
          var p = picks(q, answers.get(q.id));
          if (p.length) out.answered += 1;
          p.forEach(function (i) {
            var a = q.answers[i];
            sPoints += q.weight * a.score;
            dealbreaker = dealbreaker || a.dealbreaker;
            if (a.flag) out.flags.push(a.flag);
          });
          sMax += maxPoints(q);
          chosen.set(q.id, p.map(function (i) { return q.answers[i].id; }));
        });
        points += sPoints;
        max += sMax;
        if (model.has_sections) out.sections.push([section.id, figures(sPoints, sMax)]);
      });
      out.total = figures(points, max);
      out.chosen = chosen;
      if (out.answered === out.visible) {
        var results = model.results;
        var band = results.find(function (b) { return b.min <= out.total.percent; }) || results[results.length - 1];
        out.result = dealbreaker && model.dealbreaker_result ? model.dealbreaker_result : band ? band.id : "";
      }
      return out;
    }

    // --- The page -----------------------------------------------------------

    var questions = new Map();
    model.sections.forEach(function (s) {
      s.questions.forEach(function (q) { questions.set(q.id, q); });
    });
    var fieldsets = byAttribute("fieldset[data-question]", "data-question", form);

    function inputsOf(qid) {
      var fieldset = fieldsets.get(qid);
      return fieldset ? all("input", fieldset) : [];
    }

    function readAnswers() {
      var answers = new Map();
      questions.forEach(function (q, qid) {
        answers.set(qid, inputsOf(qid).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }));
      });
      return answers;
    }

    // Ticks exactly the given answers; unknown questions and answers tick nothing.
    function applyAnswers(answers) {
      questions.forEach(function (q, qid) {
        var wanted = picks(q, answers.get(qid)).map(function (i) { return q.answers[i].id; });
        inputsOf(qid).forEach(function (input) { input.checked = wanted.indexOf(input.value) >= 0; });
      });
    }

    var panel = page.querySelector(".checklist-score");
    var resultBox = page.querySelector("[data-result]");
    var flagList = page.querySelector("[data-flags]");
    var answeredEl = page.querySelector("[data-answered]");
    var progress = page.querySelector(".checklist-progress");
    var pending = page.querySelector(".result-pending");
    var bands = byAttribute("[data-band-text]", "data-band-text", page);
    // The result's title, one level below the panel's heading (h3 on a checklist's page).
    var headingLevel = Math.min(6, Math.max(2, Number(resultBox && resultBox.getAttribute("data-heading")) || 3));
    var dimensions = byAttribute("[data-dimension]", "data-dimension", page);

    // Sets text only when it changes, so that live regions announce real changes.
    function setText(el, text) {
      text = String(text);
      if (el && el.textContent !== text) el.textContent = text;
    }

    // The figures inside `root`; the checklist's own are those outside any dimension.
    function showFigures(root, f, dimension) {
      ["score", "max", "percent"].forEach(function (name) {
        all("[data-" + name + "]", root).forEach(function (el) {
          if (el.closest("[data-dimension]") === dimension) setText(el, name === "score" ? f.points : f[name]);
        });
      });
      // For the meters (CSSOM, which the Content-Security-Policy allows).
      var meter = dimension || panel;
      if (meter) meter.style.setProperty("--percent", Math.max(0, Math.min(100, f.percent)) + "%");
    }

    function clearChildren(el) {
      while (el.firstChild) el.removeChild(el.firstChild);
    }

    function showResult(id) {
      if (pending) pending.hidden = id !== null;
      if (!resultBox || resultBox.getAttribute("data-band") === id) return;
      clearChildren(resultBox);
      bands.forEach(function (band, key) { band.classList.toggle("is-current", key === id); });
      var index = model.results.findIndex(function (b) { return b.id === id; });
      resultBox.classList.remove("tone-good", "tone-middle", "tone-low");
      if (id === null || index < 0) {
        resultBox.removeAttribute("data-band");
        return;
      }
      resultBox.setAttribute("data-band", id);
      resultBox.classList.add(
        index === model.results.length - 1 || id === model.dealbreaker_result ? "tone-low" : index === 0 ? "tone-good" : "tone-middle"
      );
      var band = bands.get(id);
      var title = document.createElement("h" + headingLevel);
      title.className = "result-title";
      title.textContent = band ? band.querySelector("strong").textContent : model.results[index].title;
      resultBox.appendChild(title);
      var body = band && band.querySelector("dd");
      if (body) {
        var copy = body.cloneNode(true);
        // Ids stay unique in the page.
        all("[id]", copy).forEach(function (el) { el.removeAttribute("id"); });
        while (copy.firstChild) resultBox.appendChild(copy.firstChild);
      }
    }

    var shownFlags = "[]";

    function showFlags(flags) {
      if (!flagList || shownFlags === JSON.stringify(flags)) return;
      shownFlags = JSON.stringify(flags);
      clearChildren(flagList);
      flags.forEach(function (flag) {
        var li = document.createElement("li");
        li.textContent = flag;
        flagList.appendChild(li);
      });
      var box = flagList.closest(".checklist-flags-box");
      if (box) box.hidden = flags.length === 0;
    }

    // --- The share link: #<checklist id>:<question id>=<answer id>,…&… ---------

    var enc = encodeURIComponent;

    function dec(text) {
      try {
        return decodeURIComponent(text);
      } catch (e) {
        return null;
      }
    }

    function encode(outcome) {
      var pairs = [];
      outcome.chosen.forEach(function (ids, qid) {
        if (ids.length) pairs.push(enc(qid) + "=" + ids.map(enc).join(","));
      });
      return enc(model.id) + ":" + pairs.join("&");
    }

    // No honest link is longer than every answer ticked, each character
    // percent-encoded; anything longer is not a share link.
    var longest = 64 + 3 * enc(model.id).length;
    questions.forEach(function (q) {
      longest += 3 * (enc(q.id).length + 2);
      q.answers.forEach(function (a) { longest += 3 * (enc(a.id).length + 1); });
    });

    /** The answers a fragment carries, or null when it is not this checklist's. */
    function decode(fragment) {
      if (fragment.length > longest) return null;
      var colon = fragment.indexOf(":");
      if (colon < 0 || dec(fragment.slice(0, colon)) !== model.id) return null;
      var answers = new Map();
      fragment.slice(colon + 1).split("&").forEach(function (pair) {
        var eq = pair.indexOf("=");
        var qid = eq > 0 ? dec(pair.slice(0, eq)) : null;
        if (qid === null || !questions.has(qid) || answers.has(qid)) return;
        answers.set(qid, pair.slice(eq + 1).split(",").map(dec));
      });
      return answers;
    }

    // Built from the answers, not read from the address bar: a jump to an
    // in-page anchor (the skip link, a heading) replaces the fragment there.
    function shareLink() {
      return location.href.split("#")[0] + "#" + current;
    }

    var current = "";

    // The language switcher's links to this checklist's translations carry the
    // answers along (their ids are the same in every language).
    var translations = all('a[hreflang]:not(.is-missing)', document).map(function (a) {
      return { link: a, href: a.getAttribute("href").split("#")[0] };
    });

    function writeFragment(fragment) {
      current = fragment;
      translations.forEach(function (t) {
        t.link.setAttribute("href", fragment ? t.href + "#" + fragment : t.href);
      });
      if (location.hash.slice(1) === fragment) return;
      try {
        history.replaceState(history.state, "", "#" + fragment);
      } catch (e) {
        // An opaque origin may refuse it; the page still scores.
      }
    }

    // --- Send my answers: a mailto: link with a plain-text summary ------------

    var send = page.querySelector('[data-action="send"]');
    var sendBase = send ? send.getAttribute("href").split("?")[0] : "";

    function words(name) {
      return (send && send.getAttribute("data-word-" + name)) || "";
    }

    function tidy(text) {
      return String(text).replace(/\s+/g, " ").trim();
    }

    function answerLabel(input) {
      var label = input.closest("label");
      var caption = label && label.querySelector(".answer-caption");
      var main = label && label.querySelector(".answer-label");
      var text = main && main.firstChild ? main.firstChild.textContent : input.value;
      return tidy(text) + (caption ? " (" + tidy(caption.textContent) + ")" : "");
    }

    function summary(outcome) {
      var lines = [tidy(model.title), ""];
      var heading = null;
      fieldsets.forEach(function (fieldset, qid) {
        if (!questions.has(qid) || fieldset.hidden) return;
        var section = fieldset.closest(".checklist-section");
        var h2 = section && section.querySelector("h2, h3, h4, h5, h6");
        if (h2 && h2 !== heading) {
          heading = h2;
          lines.push("== " + tidy(h2.textContent) + " ==");
        }
        var legend = fieldset.querySelector("legend");
        var chosen = inputsOf(qid).filter(function (i) { return i.checked; }).map(answerLabel);
        lines.push(tidy(legend ? legend.textContent : qid));
        lines.push("  → " + (chosen.length ? chosen.join(", ") : words("unanswered")), "");
      });
      var t = outcome.total;
      lines.push(words("score") + ": " + t.points + " / " + t.max + " (" + t.percent + "%)");
      dimensions.forEach(function (el) {
        var name = el.querySelector(".dimension-title");
        var figs = el.querySelector(".dimension-figures");
        lines.push("  " + (name && figs ? tidy(name.textContent) + ": " + tidy(figs.textContent) : tidy(el.textContent)));
      });
      if (outcome.result !== null && resultBox) {
        var title = resultBox.querySelector(".result-title");
        lines.push(words("result") + ": " + tidy(title ? title.textContent : outcome.result));
      }
      if (outcome.flags.length) {
        lines.push(words("flags") + ":");
        outcome.flags.forEach(function (f) { lines.push("  - " + f); });
      }
      lines.push("", words("link") + ":", shareLink());
      return lines.join("\r\n");
    }

    function updateSend(outcome) {
      if (!send) return;
      var title = resultBox && outcome.result !== null ? resultBox.querySelector(".result-title") : null;
      var subject = tidy(model.title) + (title ? " — " + tidy(title.textContent) : "");
      send.setAttribute("href", sendBase + "?subject=" + enc(subject) + "&body=" + enc(summary(outcome)));
    }

    // --- Putting it together ---------------------------------------------------

    /** Shows the figures of the ticked answers; `share` also writes them to the address. */
    function update(share) {
      var outcome = score(readAnswers());
      fieldsets.forEach(function (fieldset, qid) {
        if (questions.has(qid)) fieldset.hidden = outcome.hidden.indexOf(qid) >= 0;
      });
      all(".checklist-section", form).forEach(function (section) {
        section.hidden = all("fieldset[data-question]", section).every(function (f) { return f.hidden; });
      });
      showFigures(page, outcome.total, null);
      outcome.sections.forEach(function (entry) {
        var el = dimensions.get(entry[0]);
        if (el) showFigures(el, entry[1], el);
      });
      if (answeredEl) {
        var count = answeredEl.querySelector(".answered-count");
        var of = answeredEl.querySelector(".answered-total");
        if (count && of) {
          setText(count, outcome.answered);
          setText(of, outcome.visible);
        } else {
          setText(answeredEl, outcome.answered + " / " + outcome.visible);
        }
      }
      if (progress) {
        setText(progress.querySelector(".progress-text"), answeredEl ? tidy(answeredEl.textContent) : "");
        setText(progress.querySelector(".progress-percent"), outcome.total.percent + "%");
        progress.style.setProperty("--done", (outcome.visible ? (100 * outcome.answered) / outcome.visible : 100) + "%");
      }
      showResult(outcome.result);
      showFlags(outcome.flags);
      if (share !== false) writeFragment(encode(outcome));
      updateSend(outcome);
      return outcome;
    }

    // Ticks what a share link holds. Answers to questions it leaves hidden are
    // dropped, so the page shows exactly what the link says.
    function restore(fragment) {
      var answers = decode(fragment);
      if (!answers) return false;
      applyAnswers(answers);
      score(readAnswers()).hidden.forEach(function (qid) { answers.delete(qid); });
      applyAnswers(answers);
      return true;
    }

    function init() {
      var fromLink = restore(location.hash.slice(1));
      // An ordinary #anchor stays as it is until the visitor answers.
      var outcome = update(false);
      if (fromLink || outcome.answered > 0) update();
      page.classList.add("is-live");
      all("[data-live-only]", page).forEach(function (el) { el.hidden = false; });
    }

    form.addEventListener("change", function () { update(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("hashchange", function () {
      var fragment = location.hash.slice(1);
      if (fragment !== current && restore(fragment)) update();
    });

    // --- Controls ----------------------------------------------------------------

    var copyStatus = page.querySelector(".copy-status");
    var fallback = page.querySelector(".share-fallback");
    var copyTimer = 0;

    function say(text) {
      if (!copyStatus) return;
      setText(copyStatus, text);
      clearTimeout(copyTimer);
      copyTimer = setTimeout(function () { setText(copyStatus, ""); }, 4000);
    }

    function copyByHand(button) {
      var input = fallback && fallback.querySelector("input");
      if (!input) return;
      fallback.hidden = false;
      input.value = shareLink();
      input.focus();
      input.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (e) {
        copied = false;
      }
      say(button.getAttribute(copied ? "data-copied" : "data-select"));
    }

    page.addEventListener("click", function (e) {
      var control = e.target.closest("[data-action]");
      if (!control) return;
      var action = control.getAttribute("data-action");
      if (action === "copy-link") {
        var clip = navigator.clipboard;
        if (clip && clip.writeText) {
          clip.writeText(shareLink()).then(
            function () {
              if (fallback) fallback.hidden = true;
              say(control.getAttribute("data-copied"));
            },
            function () { copyByHand(control); }
          );
        } else {
          copyByHand(control);
        }
      } else if (action === "reset") {
        applyAnswers(new Map());
        update();
        if (fallback) fallback.hidden = true;
        var first = form.querySelector("fieldset:not([hidden]) input");
        if (first) first.focus();
      }
    });

    init();
  }
})();
