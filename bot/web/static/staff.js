// Small helpers for the staff pages; every page works without them.
"use strict";

function updateCounter(textarea) {
  const counter = document.getElementById(textarea.dataset.counter);
  if (!counter) return;
  const recommended = Number(textarea.dataset.recommended || 700);
  const limit = Number(textarea.dataset.limit || 4096);
  // Telegram counts UTF-16 code units, as JavaScript's length does.
  const length = textarea.value.replace(/\r\n/g, "\n").trim().length;
  // The words come from the page (data-text, data-too-long), in the page's language.
  let text = (textarea.dataset.text || "{length} / {recommended}")
    .replace("{length}", length).replace("{recommended}", recommended);
  if (length > limit) text += " – " + (textarea.dataset.tooLong || "");
  counter.textContent = text;
  counter.classList.toggle("warning", length > recommended && length <= limit);
  counter.classList.toggle("error", length > limit);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  for (const textarea of document.querySelectorAll("textarea[data-counter]")) {
    updateCounter(textarea);
    textarea.addEventListener("input", () => updateCounter(textarea));
  }
});
