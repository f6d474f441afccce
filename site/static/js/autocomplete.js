/* Suggestions while typing in a search box: titles and authors from the
   server fill the box's <datalist>. Without JavaScript the box still works. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-autocomplete][list]");
  Array.prototype.forEach.call(boxes, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    if (!list || !window.fetch) { return; }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              option.label = item.kind === "author" ? "Author" : "Title";
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a nicety */ });
      }, 200);
    });
  });
})();
