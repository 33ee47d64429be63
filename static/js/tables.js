// A table wider than the screen scrolls inside its .table-responsive container: say so above it
// (the sentence, in the page's language, is on this script's tag), and let the keyboard scroll it.
(function () {
  const hint = document.currentScript.dataset.scrollHint;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("main .table-responsive").forEach(function (box, index) {
      if (box.scrollWidth <= box.clientWidth + 1) return;
      const note = document.createElement("p");
      note.id = "table-scroll-hint-" + index;
      note.className = "table-scroll-hint small text-body-secondary mb-1";
      note.textContent = hint;
      box.before(note);
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", note.id);
    });
  });
})();
