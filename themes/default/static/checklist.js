// Makes checklists live: scores as the visitor answers, shows the result,
// keeps the answers in the address (a share link) and sends them. Each
// [data-checklist-root] (a checklist's page, or one shown in an article) works
// on its own with its form and JSON data block. The scoring is
// src/checklist/score.rs again; tests/vectors/scoring.json runs through both.
// The fragment is untrusted: it only ever ticks inputs the page has; nodes are
// made with DOM methods and textContent (strict CSP, Trusted Types, file://).
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
    var page = form.closest("[data-checklist-root]") || document.body;
    var dataBlock = page.querySelector('script[type="application/json"][id$="checklist-data"]');
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

    // --- The rules (src/checklist/score.rs)

    function maxPoints(q) {
      var best = 0;
      q.answers.forEach(function (a, i) {
        if (q.kind === "multi") best += Math.max(0, a.score);
        else if (i === 0 || a.score > best) best = a.score;
      });
      return q.weight * Math.max(0, best);
    }

    function isVisible(q, chosen) {
      return q.show_if.every(function (c) {
        var ids = chosen.get(c.question);
        return !!ids && ids.some(function (id) { return c.any_of.indexOf(id) >= 0; });
      });
    }

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
      var out = { sections: [], answered: 0, visible: 0, flags: [], hidden: [], result: null, deal: [] };
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
            if (a.dealbreaker) out.deal.push(a.flag || labelOf(q.id, a.id));
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
      if (out.result !== model.dealbreaker_result || !dealbreaker) out.deal = [];
      return out;
    }

    // --- The page

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

    function applyAnswers(answers) {
      questions.forEach(function (q, qid) {
        var wanted = picks(q, answers.get(qid)).map(function (i) { return q.answers[i].id; });
        inputsOf(qid).forEach(function (input) { input.checked = wanted.indexOf(input.value) >= 0; });
      });
    }

    var panel = page.querySelector(".checklist-score");
    var outcomeBox = page.querySelector(".checklist-outcome");
    var resultBox = page.querySelector("[data-result]");
    var flagList = page.querySelector("[data-flags]");
    var answeredEl = page.querySelector("[data-answered]");
    var progress = page.querySelector(".checklist-progress");
    var pending = page.querySelector(".result-pending");
    var bands = byAttribute("[data-band-text]", "data-band-text", page);
    var headingLevel = Math.min(6, Math.max(2, Number(resultBox && resultBox.getAttribute("data-heading")) || 2));
    var dimensions = byAttribute("[data-dimension]", "data-dimension", page);

    // Sets text only when it changes, so that live regions announce real changes.
    function setText(el, text) {
      text = String(text);
      if (el && el.textContent !== text) el.textContent = text;
    }

    function showFigures(root, f, dimension) {
      ["score", "max", "percent"].forEach(function (name) {
        all("[data-" + name + "]", root).forEach(function (el) {
          if (el.closest("[data-dimension]") === dimension) setText(el, name === "score" ? f.points : f[name]);
        });
      });
      var meter = dimension || panel;
      if (meter) meter.style.setProperty("--percent", Math.max(0, Math.min(100, f.percent)) + "%");
    }

    function clearChildren(el) {
      while (el.firstChild) el.removeChild(el.firstChild);
    }

    function make(tag, cls, text) {
      var el = document.createElement(tag);
      if (cls) el.className = cls;
      if (text) el.textContent = text;
      return el;
    }

    function labelOf(qid, aid) {
      var input = inputsOf(qid).filter(function (i) { return i.value === aid; })[0];
      return input ? answerLabel(input) : aid;
    }

    var shownResult = "";

    function showResult(outcome) {
      var id = outcome.result;
      if (pending) pending.hidden = id !== null;
      page.classList.toggle("is-dealbreaker", id !== null && outcome.deal.length > 0);
      page.classList.toggle("is-complete", id !== null);
      var key = id + "|" + outcome.deal.join("|");
      if (!resultBox || shownResult === key) return;
      shownResult = key;
      clearChildren(resultBox);
      bands.forEach(function (band, k) { band.classList.toggle("is-current", k === id); });
      var index = model.results.findIndex(function (b) { return b.id === id; });
      resultBox.classList.remove("tone-good", "tone-middle", "tone-low");
      page.classList.remove("has-cta");
      if (id === null || index < 0) {
        resultBox.removeAttribute("data-band");
        return;
      }
      resultBox.setAttribute("data-band", id);
      resultBox.classList.add(
        index === model.results.length - 1 || outcome.deal.length ? "tone-low" : index === 0 ? "tone-good" : "tone-middle"
      );
      var band = bands.get(id);
      resultBox.appendChild(make("h" + headingLevel, "result-title", band ? band.querySelector("strong").textContent : model.results[index].title));
      if (outcome.deal.length) {
        var reason = make("div", "result-reason");
        reason.appendChild(make("p", "result-reason-label", resultBox.getAttribute("data-reason")));
        var list = make("ul");
        outcome.deal.forEach(function (text) { list.appendChild(make("li", "", text)); });
        reason.appendChild(list);
        resultBox.appendChild(reason);
      }
      var body = band && band.querySelector("dd");
      if (body) {
        var copy = body.cloneNode(true);
        all("[id]", copy).forEach(function (el) { el.removeAttribute("id"); });
        while (copy.firstChild) resultBox.appendChild(copy.firstChild);
      }
      var cta = resultBox.querySelector(".result-cta");
      if (cta) {
        resultBox.insertBefore(cta, resultBox.children[outcome.deal.length ? 2 : 1]);
        cta.firstChild.classList.add("button");
        page.classList.add("has-cta");
      }
    }

    var shownFlags = "[]";

    function showFlags(flags) {
      if (!flagList || shownFlags === JSON.stringify(flags)) return;
      shownFlags = JSON.stringify(flags);
      clearChildren(flagList);
      flags.forEach(function (flag) { flagList.appendChild(make("li", "", flag)); });
      var box = flagList.closest(".checklist-flags-box");
      if (box) box.hidden = flags.length === 0;
    }

    // --- The share link: #<checklist id>:<question id>=<answer id>,…&…

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

    // No share link is longer than every answer ticked, all percent-encoded.
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

    // Built from the answers: an in-page jump replaces the address bar's fragment.
    function shareLink() {
      return location.href.split("#")[0] + "#" + current;
    }

    var current = "";

    // The language switcher's links carry the answers (same ids in every language).
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

    // --- Sending: a message from the visitor's mail program, or a POST

    var send = page.querySelector('[data-action="send"]');
    var endpoint = send && send.tagName === "BUTTON" ? form.getAttribute("action") : "";
    var mailTo = send ? send.getAttribute("data-mail") : "";
    var sendStatus = page.querySelector(".send-status");
    var sendFallback = page.querySelector(".send-fallback");
    var contactFields = all("[data-contact] [name]", form);
    // A mailto: URL longer than this is cut by some mail programs and browsers.
    var MAIL_LIMIT = 2000;
    var lang = (page.closest("[lang]") || document.documentElement).getAttribute("lang") || "";

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
      var text = tidy(main && main.firstChild ? main.firstChild.textContent : input.value);
      var q = questions.get(input.name);
      if (q && q.kind === "scale" && !caption) {
        text += " (" + q.answers[0].id + "–" + q.answers[q.answers.length - 1].id + ")";
      }
      return text + (caption ? " (" + tidy(caption.textContent) + ")" : "");
    }

    function contact(name) {
      var field = contactFields.filter(function (f) { return f.name === name; })[0];
      return field ? field.value.trim() : "";
    }

    function answerLines(outcome, shortQuestions) {
      var lines = [];
      questions.forEach(function (q, qid) {
        if (outcome.hidden.indexOf(qid) >= 0) return;
        var chosen = inputsOf(qid).filter(function (i) { return i.checked; }).map(answerLabel);
        var text = tidy(q.text);
        if (shortQuestions && text.length > 48) text = text.slice(0, 46).trim() + "…";
        lines.push("- " + text + " " + (chosen.length ? chosen.join(", ") : words("unanswered")));
      });
      return lines;
    }

    function resultLine(outcome) {
      if (outcome.result === null) return "";
      var title = resultBox && resultBox.querySelector(".result-title");
      var line = words("result") + ": " + tidy(title ? title.textContent : outcome.result);
      return outcome.deal.length ? line + " (" + outcome.deal.join("; ") + ")" : line + " (" + outcome.total.percent + "%)";
    }

    /** The message, as a person would write it, with at most `keep` answers. */
    function message(outcome, keep, shortQuestions) {
      var answers = answerLines(outcome, shortQuestions);
      var lines = [words("greeting"), ""];
      if (contact("message")) lines.push(contact("message"), "");
      lines.push(words("intro").replace("{title}", tidy(model.title)));
      lines = lines.concat(answers.slice(0, keep));
      if (keep < answers.length) lines.push(words("more").replace("{count}", answers.length - keep));
      if (outcome.flags.length) lines.push("", words("flags") + ": " + outcome.flags.join("; "));
      if (outcome.result !== null) lines.push("", resultLine(outcome));
      lines.push("", words("link"), shareLink(), "", words("thanks"));
      ["name", "email"].forEach(function (n) { if (contact(n)) lines.push(contact(n)); });
      return lines.join("\r\n");
    }

    function subject(outcome) {
      var title = resultBox && outcome.result !== null ? resultBox.querySelector(".result-title") : null;
      return tidy(model.title) + (title ? " — " + tidy(title.textContent) : "");
    }

    /** A mailto: URL to `address` that fits MAIL_LIMIT: fewer answers listed (the link holds them all). */
    function mailUrl(address, outcome) {
      var head = "mailto:" + address + "?subject=" + enc(subject(outcome)) + "&body=";
      var count = questions.size;
      var url = head + enc(message(outcome, count, false));
      for (var keep = count; url.length > MAIL_LIMIT && keep >= 0; keep--) {
        url = head + enc(message(outcome, keep, true));
      }
      return url.length > MAIL_LIMIT ? head + enc(message(outcome, 0, true)).slice(0, MAIL_LIMIT - head.length).replace(/%[0-9A-F]?$/, "") : url;
    }

    var lastOutcome = null;

    // mailto: links carry the answers: "send" and any in the result (a "write to us").
    function updateMail(outcome) {
      lastOutcome = outcome;
      if (send && !endpoint) send.setAttribute("href", mailUrl(mailTo, outcome));
      all('a[href^="mailto:"]', resultBox || form).forEach(function (a) {
        a.setAttribute("href", mailUrl(a.getAttribute("href").slice(7).split("?")[0], outcome));
      });
      var mail = page.querySelector('[data-action="mail"]');
      if (mail && mailTo) mail.setAttribute("href", mailUrl(mailTo, outcome));
    }

    function status(kind) {
      if (!sendStatus) return;
      sendStatus.className = "send-status is-" + kind;
      setText(sendStatus, sendStatus.getAttribute("data-" + kind) || "");
    }

    function showFallback(outcome) {
      if (!sendFallback) return;
      sendFallback.hidden = false;
      sendFallback.querySelector("textarea").value = message(outcome, questions.size, false);
    }

    function missing() {
      var empty = contactFields.filter(function (f) { return f.required && !f.value.trim(); });
      if (!empty.length) return false;
      var names = empty.map(function (f) {
        var label = form.querySelector('label[for="' + f.id + '"]');
        return tidy(label && label.firstChild ? label.firstChild.textContent : f.name);
      });
      setText(sendStatus, send.getAttribute("data-missing").replace("{fields}", names.join(", ")));
      empty[0].focus();
      return true;
    }

    function post(outcome) {
      var body = new URLSearchParams();
      var title = resultBox && resultBox.querySelector(".result-title");
      [["checklist", model.id], ["language", lang], ["link", shareLink()], ["score", outcome.total.points],
        ["max", outcome.total.max], ["percent", outcome.total.percent], ["result", outcome.result || ""],
        ["result_title", title && outcome.result !== null ? tidy(title.textContent) : ""]].forEach(function (f) {
        body.append(f[0], f[1]);
      });
      outcome.flags.forEach(function (f) { body.append("flag", f); });
      outcome.chosen.forEach(function (ids, qid) { ids.forEach(function (id) { body.append(qid, id); }); });
      ["name", "email", "message"].forEach(function (n) { if (contact(n)) body.append(n, contact(n)); });
      status("sending");
      send.disabled = true;
      var abort = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (abort) abort.abort(); }, 15000);
      fetch(endpoint, { method: "POST", body: body, headers: { Accept: "application/json" }, signal: abort && abort.signal })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          status("sent");
          if (sendFallback) sendFallback.hidden = true;
        })
        .catch(function () {
          status("failed");
          showFallback(outcome);
        })
        .then(function () {
          clearTimeout(timer);
          send.disabled = false;
        });
    }

    // --- Putting it together

    var complete = false;

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
        progress.style.setProperty("--done", (outcome.visible ? (100 * outcome.answered) / outcome.visible : 100) + "%");
      }
      showResult(outcome);
      showFlags(outcome.flags);
      if (share !== false) writeFragment(encode(outcome));
      updateMail(outcome);
      var record = page.querySelector(".record-link");
      if (record) setText(record, shareLink());
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

    // --- Moving through the questions

    var smooth = !(window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches);

    function reveal(el, focus) {
      if (!el) return;
      el.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
      if (focus) el.focus({ preventScroll: true });
    }

    // Arrow keys change a radio group's answer as they move, so only answers
    // given by pointer (mouse, touch) move the page on; keyboard and screen
    // reader users keep their place, and Tab takes them to the next question.
    var byPointer = false;
    form.addEventListener("pointerdown", function () { byPointer = true; });
    form.addEventListener("keydown", function () { byPointer = false; });

    function next(after, outcome) {
      var seen = false;
      var found = null;
      fieldsets.forEach(function (fieldset, qid) {
        if (fieldset === after) seen = true;
        else if (seen && !found && !fieldset.hidden && !outcome.chosen.get(qid).length) found = fieldset;
      });
      return found;
    }

    function moved(outcome, fieldset) {
      var done = outcome.result !== null;
      if (done && !complete) reveal(outcomeBox, true);
      else if (byPointer && fieldset && !done) {
        var q = questions.get(fieldset.getAttribute("data-question"));
        if (q && q.kind !== "multi") reveal(next(fieldset, outcome));
      }
      complete = done;
    }

    function init() {
      var fromLink = restore(location.hash.slice(1));
      // An ordinary #anchor stays as it is until the visitor answers.
      var outcome = update(false);
      if (fromLink || outcome.answered > 0) update();
      page.classList.add("is-live");
      all("[data-live-only]", page).forEach(function (el) { el.hidden = false; });
      complete = outcome.result !== null;
      // A complete share link opens at its result.
      if (fromLink && complete) {
        outcomeBox.scrollIntoView({ block: "start" });
        outcomeBox.focus({ preventScroll: true });
      }
    }

    form.addEventListener("change", function (e) {
      if (contactFields.indexOf(e.target) >= 0) return;
      moved(update(), e.target.closest && e.target.closest("fieldset[data-question]"));
    });
    form.addEventListener("input", function (e) {
      if (contactFields.indexOf(e.target) >= 0 && lastOutcome) updateMail(lastOutcome);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (endpoint && !missing()) post(update());
    });
    window.addEventListener("hashchange", function () {
      var fragment = location.hash.slice(1);
      if (fragment !== current && restore(fragment) && update().result !== null) reveal(outcomeBox, true);
    });
    window.addEventListener("beforeprint", function () {
      var record = page.querySelector(".checklist-record");
      var date = page.querySelector(".record-date");
      if (record && date && record.hasAttribute("data-months")) {
        // Today, written with the theme's words for the page's language.
        var now = new Date(), day = now.getDate();
        var today = record.getAttribute("data-date-format")
          .replace("{day}", day === 1 ? record.getAttribute("data-day-one") : day)
          .replace("{month}", record.getAttribute("data-months").split("|")[now.getMonth()])
          .replace("{year}", now.getFullYear());
        setText(date, record.getAttribute("data-printed").replace("{date}", today));
      }
    });

    // --- Controls

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
      input.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (e) {}
      say(button.getAttribute(copied ? "data-copied" : "data-select"));
    }

    function copy(text, done, failed) {
      var clip = navigator.clipboard;
      if (clip && clip.writeText) clip.writeText(text).then(done, failed);
      else failed();
    }

    page.addEventListener("click", function (e) {
      var control = e.target.closest("[data-action]");
      if (!control) return;
      var action = control.getAttribute("data-action");
      if (action === "start") {
        e.preventDefault();
        var first = form.querySelector("fieldset[data-question]:not([hidden])");
        reveal(first);
        var input = first && first.querySelector("input");
        if (input) input.focus({ preventScroll: true });
      } else if (action === "send" && !endpoint) {
        // The link opens the mail program; some phones have none, so the
        // message is also shown to copy.
        if (missing()) return e.preventDefault();
        var outcome = update();
        control.setAttribute("href", mailUrl(mailTo, outcome));
        status("opened");
        showFallback(outcome);
      } else if (action === "copy-message") {
        var text = sendFallback.querySelector("textarea");
        copy(text.value, function () { setText(sendStatus, control.getAttribute("data-copied")); }, function () {
          text.select();
          document.execCommand("copy");
        });
      } else if (action === "copy-link") {
        copy(shareLink(), function () {
          if (fallback) fallback.hidden = true;
          say(control.getAttribute("data-copied"));
        }, function () { copyByHand(control); });
      } else if (action === "reset") {
        applyAnswers(new Map());
        update();
        complete = false;
        if (fallback) fallback.hidden = true;
        var firstInput = form.querySelector("fieldset:not([hidden]) input");
        if (firstInput) firstInput.focus();
      }
    });

    init();
  }
})();
