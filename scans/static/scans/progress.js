// While an upload is being read, look again every two seconds.
(function () {
  if (document.querySelector("[data-scan-reading]")) {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
