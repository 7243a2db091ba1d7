// Fills the collapsed sections of a big handbook's sidebar.
//
// To keep every page small, rapport leaves most sections of a large handbook
// without their list of articles and writes the whole list once, to a data
// script that sets `window.rapportNav`. This file turns that data back into
// links. It builds nodes with DOM methods only (no innerHTML), so it runs under
// a strict Content-Security-Policy with Trusted Types, and it needs no network,
// so it also works from file://.
(function () {
  "use strict";

  // Site-relative URLs only: anything with a scheme (javascript:, http:) or
  // starting with a slash is skipped rather than trusted.
  function isRelative(url) {
    return typeof url === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(url) && url.charAt(0) !== "/";
  }

  // Links must name the file ("…/index.html") to work from file://.
  function href(root, url) {
    return root + (url === "" || url.charAt(url.length - 1) === "/" ? url + "index.html" : url);
  }

  function pageList(pages, root) {
    var list = document.createElement("ol");
    list.className = "nav-pages";
    for (var i = 0; i < pages.length; i++) {
      var entry = pages[i];
      if (!entry || !isRelative(entry[1])) continue;
      var link = document.createElement("a");
      link.setAttribute("href", href(root, entry[1]));
      link.textContent = String(entry[0]);
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    }
    return list;
  }

  function fill() {
    var nav = window.rapportNav;
    if (!nav || !Array.isArray(nav.sections)) return;
    var root = document.documentElement.getAttribute("data-root") || "";
    var slots = document.querySelectorAll("li[data-nav-section]");
    for (var i = 0; i < slots.length; i++) {
      var slot = slots[i];
      if (slot.querySelector("ol.nav-pages")) continue; // already rendered by rapport
      var section = nav.sections[parseInt(slot.getAttribute("data-nav-section"), 10)];
      if (!section || !Array.isArray(section.pages) || section.pages.length === 0) continue;
      slot.appendChild(pageList(section.pages, root));
    }
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
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
