"use strict";
const log = document.getElementById("log");
const previewBox = document.getElementById("preview");
const csrf = document.querySelector('meta[name="csrf-token"]');

function add(text, who, dir) {
  const div = document.createElement("div");
  div.className = "msg " + who;
  if (dir) div.dir = dir;
  div.textContent = text;
  log.appendChild(div);
  div.scrollIntoView();
  return div;
}

async function send(text, shown) {
  add(shown || text, "user");
  const preview = Boolean(previewBox && previewBox.checked);
  const headers = {"Content-Type": "application/json"};
  if (preview && csrf) headers["X-CSRF-Token"] = csrf.content;
  const res = await fetch("/chat/message", {
    method: "POST", headers, credentials: "same-origin",
    body: JSON.stringify({text, language: document.getElementById("lang").value || null, preview}),
  });
  if (res.status === 403) { add(log.dataset.loginAgain, "bot"); return; }
  if (!res.ok) { add(log.dataset.unreachable, "bot"); return; }
  const replies = await res.json();
  const meta = (replies.find(r => r.custom && r.custom.type === "meta") || {}).custom || {};
  const dir = meta.rtl ? "rtl" : "auto";
  for (const r of replies) {
    let div = null;
    if (r.text) div = add(r.text, "bot", dir);
    if (r.custom && r.custom.type === "service_card") {
      const s = r.custom.service;
      div = add([s.name, s.distance_km != null ? s.distance_km + " km" : "", s.address || "", s.phone || ""].filter(Boolean).join("\n"), "bot", dir);
    }
    if (r.buttons && r.buttons.length) {
      const box = document.createElement("div");
      box.className = "buttons";
      for (const b of r.buttons) {
        const btn = document.createElement("button");
        btn.type = "button"; btn.textContent = b.title;
        btn.onclick = () => send(b.payload, b.title);
        box.appendChild(btn);
      }
      (div || log).appendChild(box);
    }
  }
}

document.getElementById("form").addEventListener("submit", e => {
  e.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  input.value = "";
  if (text) send(text);
});
