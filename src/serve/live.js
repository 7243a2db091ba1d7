// rapport serve: keeps an open page up to date. It listens to the server's
// build events: after a good build the page reloads (keeping its scroll
// position), or only swaps its stylesheets when nothing but CSS changed; after
// a failed build it shows the errors over the page until the next good one.
// `rapport build` never puts this script in a page.
(function () {
  'use strict';

  var script = document.currentScript;
  var build = Number(script && script.getAttribute('data-build'));
  var SCROLL_KEY = 'rapport-serve-scroll';
  var server = null;
  var source = null;

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || 'null');
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (e) {
      return;
    }
    if (!saved || saved.path !== location.pathname) return;
    var scroll = function () { window.scrollTo(saved.x, saved.y); };
    if (document.readyState === 'complete') scroll();
    else window.addEventListener('load', scroll);
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
        path: location.pathname, x: window.scrollX, y: window.scrollY
      }));
    } catch (e) { /* private mode: reload without it */ }
    location.reload();
  }

  // Each same-origin stylesheet is replaced by a fresh copy; the old one goes
  // once the new one has loaded, so the page never shows unstyled.
  function swapStyles(version) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf('/__rapport/') === 0) return;
      url.searchParams.set('rapport-build', String(version));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      var done = function () { link.remove(); };
      fresh.addEventListener('load', done);
      fresh.addEventListener('error', done);
      link.after(fresh);
    });
  }

  var overlay = null;

  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }

  function showErrors(errors) {
    hideErrors();
    if (!errors || errors.length === 0) return;
    if (!document.getElementById('rapport-serve-style')) {
      var style = document.createElement('link');
      style.id = 'rapport-serve-style';
      style.rel = 'stylesheet';
      style.href = '/__rapport/live.css';
      document.head.appendChild(style);
    }
    overlay = document.createElement('section');
    overlay.id = 'rapport-serve-errors';
    overlay.setAttribute('role', 'alert');
    overlay.setAttribute('aria-label', 'Build errors');
    // Not a <header>: inside a section with a role, it would be a second banner.
    var head = document.createElement('div');
    head.className = 'rapport-serve-head';
    head.appendChild(text('h2', '', errors.length === 1
      ? 'The last change did not build'
      : 'The last change did not build: ' + errors.length + ' errors'));
    head.appendChild(text('p', '', 'This page shows the last good build. Fix the file and save: this message goes by itself.'));
    var close = text('button', '', 'Hide');
    close.type = 'button';
    close.addEventListener('click', hideErrors);
    head.appendChild(close);
    overlay.appendChild(head);
    var list = document.createElement('ol');
    errors.forEach(function (error) {
      var item = document.createElement('li');
      item.appendChild(text('code', 'rapport-serve-where',
        error.path + ':' + error.line + ':' + error.column));
      item.appendChild(text('p', 'rapport-serve-message', error.message));
      if (error.hint) item.appendChild(text('p', 'rapport-serve-hint', 'hint: ' + error.hint));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  function listen() {
    source = new EventSource('/__rapport/events');
    source.addEventListener('hello', function (event) {
      var data = JSON.parse(event.data);
      // A restarted server, or a build this page missed: the page is stale.
      var stale = (server !== null && server !== data.server) || data.build !== build;
      server = data.server;
      if (stale && data.build > 0) {
        reload();
        return;
      }
      showErrors(data.errors);
    });
    source.addEventListener('reload', function (event) {
      var data = JSON.parse(event.data);
      hideErrors();
      if (data.css) {
        build = data.build;
        swapStyles(data.build);
      } else {
        reload();
      }
    });
    source.addEventListener('errors', function (event) {
      showErrors(JSON.parse(event.data).errors);
    });
    source.addEventListener('error', function () {
      // The browser retries by itself while the server is away; should it
      // give up, start again a moment later.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(listen, 1000);
      }
    });
  }

  // A browser keeps six connections per server: a hidden tab gives its
  // stream back, so that many open tabs cannot starve a new page. On its
  // return, `hello` tells whether it missed a build.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      if (source) source.close();
      source = null;
    } else if (!source) {
      listen();
    }
  });

  restoreScroll();
  listen();
})();
