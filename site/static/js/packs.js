/* Packs: the "preparing your pack…" page asks how far the pack has got every
   two seconds and turns into a download link when it is ready. Without this
   script the page offers a refresh link instead. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pack-status]");
  if (!box || !window.fetch) return;
  var statusUrl = box.getAttribute("data-pack-status");
  var downloadUrl = box.getAttribute("data-pack-download");
  var message = box.querySelector(".pack-status__message");
  var progress = box.querySelector(".pack-status__progress");
  var bar = box.querySelector(".pack-status__bar");
  var refresh = box.querySelector(".pack-status__refresh");
  var delay = 2000;

  function show(html) {
    box.innerHTML = "";
    var p = document.createElement("p");
    p.innerHTML = html;
    box.appendChild(p);
    return p;
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (data.ready) {
          var p = show("");
          var link = document.createElement("a");
          link.className = "button";
          link.href = downloadUrl;
          link.textContent = "Your pack is ready: download it (PDF)";
          p.appendChild(link);
          link.focus();
          return;
        }
        if (data.status === "failed") {
          var failed = show("");
          var strong = document.createElement("strong");
          strong.textContent = "The pack could not be made. ";
          failed.appendChild(strong);
          failed.appendChild(document.createTextNode(data.error || ""));
          var again = document.createElement("a");
          again.className = "button";
          again.href = downloadUrl + "&retry=1";
          again.textContent = "Try again";
          box.appendChild(again);
          return;
        }
        if (progress) progress.textContent = data.progress + "%";
        if (bar) bar.value = data.progress;
        if (refresh) refresh.hidden = true;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        if (message) message.textContent = "Still preparing your pack…";
        window.setTimeout(poll, delay * 2);
      });
  }

  window.setTimeout(poll, delay);
})();
