/* Packs: the "preparing your pack…" page asks how far the pack has got and
   turns into a download link when it is ready. It never gives up silently:
   - a failed pack shows why and a "Try again" button;
   - a request that fails is retried with a growing wait (2, 4, 8… up to 30 s),
     saying so, with the refresh link in view;
   - a pack whose progress has not moved for STALL_MS is called stalled, with
     "Try again" (a reload, which queues the pack again if its worker died)
     while the poll goes on.
   Without this script the page offers a refresh link instead. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pack-status]");
  if (!box || !window.fetch) return;
  var statusUrl = box.getAttribute("data-pack-status");
  var downloadUrl = box.getAttribute("data-pack-download");
  var retryUrl = box.getAttribute("data-pack-retry") || downloadUrl;
  var progress = box.querySelector(".pack-status__progress");
  var bar = box.querySelector(".pack-status__bar");
  var notice = box.querySelector(".pack-status__notice");
  var DELAY = 2000;
  var MAX_DELAY = 30000;
  var STALL_MS = 90000;
  var failures = 0;
  var lastProgress = null;
  var lastChange = Date.now();

  function button(text, href) {
    var link = document.createElement("a");
    link.className = "button";
    link.href = href;
    link.textContent = text;
    return link;
  }

  function say(text, withRetry) {
    if (!notice) return;
    notice.textContent = text + " ";
    if (withRetry) notice.appendChild(button("Try again", retryUrl));
    notice.hidden = false;
  }

  function quiet() {
    if (notice) notice.hidden = true;
  }

  function ready() {
    box.innerHTML = "";
    var p = document.createElement("p");
    var link = button("Your pack is ready: download it (PDF)", downloadUrl);
    p.appendChild(link);
    box.appendChild(p);
    link.focus();
  }

  function failed(error) {
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "pack-status__message pack-status__message--failed";
    var strong = document.createElement("strong");
    strong.textContent = "The pack could not be made. ";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(error || ""));
    box.appendChild(p);
    var again = document.createElement("p");
    again.appendChild(button("Try again", retryUrl));
    box.appendChild(again);
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (data.ready) return ready();
        if (data.status === "failed") return failed(data.error);
        if (data.progress !== lastProgress || data.status !== "running") {
          lastProgress = data.progress;
          lastChange = Date.now();
        }
        if (progress) progress.textContent = data.progress + "%";
        if (bar) bar.value = data.progress;
        if (Date.now() - lastChange > STALL_MS) {
          say("This is taking longer than it should.", true);
        } else {
          quiet();
        }
        window.setTimeout(poll, DELAY);
      })
      .catch(function () {
        failures += 1;
        var wait = Math.min(DELAY * Math.pow(2, failures), MAX_DELAY);
        say(
          "We could not ask how far your pack has got; asking again in " +
            Math.round(wait / 1000) + " seconds.",
          failures >= 3
        );
        window.setTimeout(poll, wait);
      });
  }

  window.setTimeout(poll, DELAY);
})();
