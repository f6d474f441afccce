// Reading a text: remember the place on this device, find a paragraph's
// screen from its address (…/chapter-3/#p143), and offer "carry on reading"
// to readers without an account. Works without it: the pages are plain links.
(function () {
  "use strict";
  var KEY = "studycircle:reading-places";

  function places() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; }
    catch (e) { return {}; }
  }

  function remember(article) {
    var all = places();
    all[article.dataset.text] = {
      url: article.dataset.url,
      text: article.dataset.textTitle,
      section: article.dataset.sectionTitle,
      at: Date.now()
    };
    var ids = Object.keys(all).sort(function (a, b) { return all[b].at - all[a].at; });
    ids.slice(20).forEach(function (id) { delete all[id]; });
    try { window.localStorage.setItem(KEY, JSON.stringify(all)); } catch (e) { /* private mode */ }
  }

  function findScreen(article) {
    var match = /^#p(\d+)$/.exec(window.location.hash);
    if (!match || document.getElementById("p" + match[1])) { return; }
    var wanted = parseInt(match[1], 10);
    (article.dataset.screens || "").split(",").forEach(function (item) {
      var parts = /^(\d+):(\d+)-(\d+)$/.exec(item);
      if (parts && wanted >= +parts[2] && wanted <= +parts[3]) {
        window.location.replace(window.location.pathname + "?page=" + parts[1] + "#p" + wanted);
      }
    });
  }

  function offer(box) {
    if (box.querySelector("a")) { return; }  // the account's place is already shown
    var all = places();
    var ids = Object.keys(all).filter(function (id) {
      return !box.dataset.text || id === box.dataset.text;
    }).sort(function (a, b) { return all[b].at - all[a].at; });
    if (!ids.length) { return; }
    var place = all[ids[0]];
    var link = document.createElement("a");
    link.href = place.url;
    link.className = "button";
    link.textContent = "Carry on reading: " + place.text + ", " + place.section;
    box.appendChild(link);
    box.hidden = false;
  }

  var article = document.querySelector("[data-reading-place]");
  if (article) { findScreen(article); remember(article); }
  Array.prototype.forEach.call(document.querySelectorAll("[data-carry-on]"), offer);
}());
