/* Plan import review: the units panel sends the issuer's units once (<template id="unit-choices">)
   rather than in every row's list; this adds them to each list marked data-more, on load and
   whenever HTMX swaps a row in. Without JavaScript a row's "All units" link opens the page with
   that row's list complete. */
(function () {
  "use strict";

  function fill(root) {
    root.querySelectorAll("select[data-more]:not([data-filled])").forEach(function (select) {
      var source = document.getElementById(select.dataset.more);
      if (!source) {
        return;
      }
      var listed = new Set(Array.prototype.map.call(select.options, function (o) { return o.value; }));
      var more = source.content.cloneNode(true);
      more.querySelectorAll("option").forEach(function (o) {
        if (listed.has(o.value)) {
          o.remove();
        }
      });
      select.appendChild(more);
      select.setAttribute("data-filled", "");
      var link = select.parentElement.querySelector(".all-units");
      if (link) {
        link.hidden = true;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { fill(document); });
  document.addEventListener("htmx:load", function (event) { fill(event.detail.elt); });
})();
