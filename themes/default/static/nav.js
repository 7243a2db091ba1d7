// Completes the sidebar of a big handbook.
//
// To keep every page small, rapport puts only part of a large handbook's
// sidebar in each page (the home page, a few sections around the current one
// and the current article's neighbours), marks that list `data-nav-partial`,
// and writes the whole tree once, to a data script that sets
// `window.rapportNav`. This file rebuilds the full list from that data. It
// creates nodes with DOM methods only (no innerHTML), so it runs under a strict
// Content-Security-Policy with Trusted Types, and needs no network, so it also
// works from file://.
(function () {
  "use strict";

  // Site-relative URLs only: anything with a scheme (javascript:, http:) or
  // starting with a slash is skipped rather than trusted.
  function isRelative(url) {
    return typeof url === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(url) && url.charAt(0) !== "/";
  }

  // A page's address without fragment and without a final "index.html", so that
  // ".../fewer-better/" and ".../fewer-better/index.html" compare equal.
  function pageKey(url) {
    return url.split("#")[0].split("?")[0].replace(/index\.html$/, "");
  }

  function build(nav, root) {
    var here = pageKey(window.location.href);
    var currentLink = null;

    function link(entry) {
      if (!Array.isArray(entry) || !isRelative(entry[1])) return null;
      var a = document.createElement("a");
      a.setAttribute("href", root + entry[1]);
      a.textContent = String(entry[0]);
      // A page of another language standing in for a missing translation.
      if (typeof entry[2] === "string" && typeof entry[3] === "string") {
        a.setAttribute("lang", entry[2]);
        var mark = document.createElement("span");
        mark.className = "nav-lang";
        mark.textContent = " " + entry[3];
        a.appendChild(mark);
      }
      if (pageKey(a.href) === here) {
        a.setAttribute("aria-current", "page");
        currentLink = a;
      }
      return a;
    }

    function item(className, entry) {
      var a = link(entry);
      if (!a) return null;
      var li = document.createElement("li");
      if (className) li.className = className;
      li.appendChild(a);
      return li;
    }

    var list = document.createElement("ol");
    list.className = "nav-list";
    var home = item("nav-page nav-home", nav.home);
    if (home) list.appendChild(home);
    (nav.loose || []).forEach(function (entry) {
      var li = item("nav-page", entry);
      if (li) list.appendChild(li);
    });
    (nav.sections || []).forEach(function (section) {
      if (!section) return;
      var before = currentLink;
      var li = item("nav-section", [section.title, section.url, section.lang, section.label]);
      if (!li) return;
      var pages = document.createElement("ol");
      pages.className = "nav-pages";
      (section.pages || []).forEach(function (entry) {
        var page = item("", entry);
        if (page) pages.appendChild(page);
      });
      if (pages.firstChild) li.appendChild(pages);
      if (currentLink !== before) li.className += " is-current";
      list.appendChild(li);
    });
    return list;
  }

  function complete() {
    var nav = window.rapportNav;
    var partial = document.querySelector("ol.nav-list[data-nav-partial]");
    if (!nav || !partial || !Array.isArray(nav.sections)) return;
    var root = document.documentElement.getAttribute("data-root") || "";
    partial.replaceWith(build(nav, root));
    revealCurrent();
  }

  // In a long sidebar that scrolls on its own (wide screens), bring the current
  // entry into view. Only the sidebar scrolls, never the page.
  function revealCurrent() {
    var current = document.querySelector('.sidebar [aria-current="page"]');
    var box = current && current.closest(".sidebar");
    if (!box || box.scrollHeight <= box.clientHeight) return;
    var top = current.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (top > box.clientHeight * 0.6) box.scrollTop = top - box.clientHeight / 3;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", complete);
  } else {
    complete();
  }
})();
