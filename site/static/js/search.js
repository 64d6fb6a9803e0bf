/*
 * The search page without full reloads. Plain JavaScript, no build step.
 *
 * Without this script the page works as a normal form (GET /<lang>/search/).
 * With it, ticking a filter, changing the sort or the years, submitting the
 * form, or following a chip, pagination or suggestion link fetches the new
 * URL and swaps the page's regions (#search-heading, #search-results) for
 * the server's.
 *
 * Fragment or full page? The script asks for a fragment (the X-Search-Fragment
 * header): the server renders the very includes the full page is made of
 * (search/includes/regions.html), so the two cannot diverge, and the answer
 * is a few kilobytes without the header, footer and their queries. The
 * server sends `Vary: X-Search-Fragment`, and the script asks the browser not
 * to keep the fragment in its cache, so Back never shows a bare fragment.
 *
 * The address bar follows (History API), Back and Forward work, stale
 * requests are aborted, a live region announces the new count, and focus
 * stays on the control that was used. On any error the browser simply
 * navigates to the URL.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-search-form]");
  if (!form || !window.fetch || !window.history.pushState || !window.DOMParser) {
    return;
  }
  var REGIONS = ["search-heading", "search-results"];
  var announcer = document.getElementById("search-announcer");
  var narrow = window.matchMedia("(max-width: 55.99rem)");
  var controller = null;
  var shown = window.location.pathname + window.location.search;

  document.documentElement.classList.add("search-enhanced");

  function searchPath() {
    return new URL(form.action, window.location.href).pathname;
  }

  // The form's state as a URL: empty fields and the default sort dropped,
  // back to page 1.
  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      var isDefault = name === "sort" && value === "relevance";
      if (typeof value === "string" && value.trim() !== "" && name !== "page" && !isDefault) {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return searchPath() + (query ? "?" + query : "");
  }

  // The filter column is open on wide screens, closed on phones. The server
  // renders it closed and search.css already shows it on wide screens, so
  // this changes the state, not the first paint.
  function fitFilters() {
    var filters = document.getElementById("search-filters");
    if (filters) {
      filters.open = !narrow.matches;
    }
  }

  function openStates() {
    var states = {};
    document.querySelectorAll("#search-results details[id]").forEach(function (details) {
      states[details.id] = details.open;
    });
    return states;
  }

  // What had focus, so that its counterpart in the new regions can get it.
  function focusKey() {
    var active = document.activeElement;
    if (!active || !REGIONS.some(function (id) {
      var region = document.getElementById(id);
      return region && region.contains(active);
    })) {
      return null;
    }
    if (active.id) {
      return { id: active.id };
    }
    if (active.tagName === "SUMMARY" && active.parentElement.id) {
      return { summaryOf: active.parentElement.id };
    }
    return { fallback: true };
  }

  function restoreFocus(key) {
    if (!key) {
      return;
    }
    var target = null;
    if (key.id) {
      target = document.getElementById(key.id);
    } else if (key.summaryOf) {
      var details = document.getElementById(key.summaryOf);
      target = details && details.querySelector("summary");
    }
    // A control that disappeared (a chip, a page link): the result count.
    target = target || document.getElementById("search-count") || form.querySelector("#search-q");
    if (target) {
      target.focus({ preventScroll: !key.fallback });
    }
  }

  function syncSearchBox(url) {
    var box = form.querySelector("#search-q");
    if (box && document.activeElement !== box) {
      box.value = new URL(url, window.location.href).searchParams.get("q") || "";
    }
  }

  // The language switcher leads to this same search in another language.
  function syncLanguageLinks() {
    document.querySelectorAll(".language-switcher a[hreflang]").forEach(function (link) {
      var parts = window.location.pathname.split("/");
      parts[1] = link.getAttribute("hreflang");
      link.href = parts.join("/") + window.location.search;
    });
  }

  function swap(html, url, focus) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = REGIONS.map(function (id) { return doc.getElementById(id); });
    if (fresh.some(function (node) { return !node; })) {
      throw new Error("incomplete answer");
    }
    var states = openStates();
    REGIONS.forEach(function (id, position) {
      var old = document.getElementById(id);
      old.replaceWith(document.importNode(fresh[position], true));
    });
    // "Show all" lists stay open; the server also opens those with a ticked value.
    Object.keys(states).forEach(function (id) {
      var details = document.getElementById(id);
      if (details && id !== "search-filters") {
        details.open = states[id] || details.open;
      }
    });
    if ("search-filters" in states) {
      document.getElementById("search-filters").open = states["search-filters"];
    } else {
      fitFilters();
    }
    var heading = document.getElementById("search-heading");
    if (heading && heading.dataset.title) {
      document.title = heading.dataset.title;
    }
    syncSearchBox(url);
    restoreFocus(focus);
    var count = document.getElementById("search-count");
    if (announcer) {
      // Emptied first so that the same count is announced again.
      announcer.textContent = "";
      window.setTimeout(function () {
        announcer.textContent = count ? count.textContent.trim() : "";
      }, 50);
    }
  }

  function load(url, options) {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    var signal = controller.signal;
    var focus = focusKey();
    var results = document.getElementById("search-results");
    if (results) {
      results.setAttribute("aria-busy", "true");
    }
    fetch(url, {
      headers: { "X-Search-Fragment": "1" },
      credentials: "same-origin",
      cache: "no-store",
      signal: signal,
    })
      .then(function (response) {
        // A refused search (400) or a missing page (404) shows its message
        // best as a whole page.
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (signal.aborted) {
          return;
        }
        if (options.push) {
          window.history.pushState({ search: true }, "", url);
        }
        shown = url;
        swap(html, url, focus);
        syncLanguageLinks();
        if (options.scroll) {
          var target = document.getElementById("search-results");
          if (target && target.getBoundingClientRect().top < 0) {
            target.scrollIntoView();
          }
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        window.location.assign(url);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), { push: true });
  });

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches("input[type=checkbox], select, input[type=number]")) {
      if (field.matches("input[type=number]") && !field.checkValidity()) {
        return; // the visitor is told by the browser; nothing to fetch yet
      }
      load(formUrl(), { push: true });
    }
  });

  // Chips, pagination and suggestions: links to the search page itself.
  form.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== searchPath()) {
      return;
    }
    event.preventDefault();
    load(url.pathname + url.search, { push: true, scroll: link.closest(".pagination") });
  });

  window.addEventListener("popstate", function () {
    var url = window.location.pathname + window.location.search;
    if (url !== shown) { // not a mere #fragment (the skip link)
      load(url, { push: false });
    }
  });

  // The first entry gets a state too, so that coming back to it reloads it.
  window.history.replaceState({ search: true }, "", window.location.href);
  narrow.addEventListener("change", fitFilters);
  fitFilters();
})();
