// Asks before an irreversible action: a submit button with data-confirm="…" (the sentence comes
// translated from the server and names the consequence) only submits its form once the person
// has accepted that sentence. Without JavaScript the form submits as it always did.
(() => {
  "use strict";

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const button = event.submitter || form.querySelector("[data-confirm]");
    const sentence = button && button.dataset ? button.dataset.confirm : "";
    if (!sentence) return;
    if (!window.confirm(sentence)) event.preventDefault();
  });
})();
