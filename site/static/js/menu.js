/* The header's menu on a narrow screen (or at a large text size): the main
   navigation folds behind a "Menu" button that says whether it is open.
   Without this script the navigation is shown in full, wrapped onto lines. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  var nav = header && document.getElementById(button && button.getAttribute("aria-controls"));
  if (!button || !nav) return;
  header.classList.add("has-menu");
  button.hidden = false;
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("site-nav--open", open);
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();
