"use strict";
// The chat page shows replies laid out by the server with the bot's own screen rules
// (bot/replies/display.py): texts with Unicode isolates around numbers and Latin words in
// right-to-left languages, cards, and buttons in rows. Only <b>, <i> and http(s) links of that
// layout become elements; everything else is shown as text.
const log = document.getElementById("log");
const previewBox = document.getElementById("preview");
const csrf = document.querySelector('meta[name="csrf-token"]');

function add(who, dir) {
  const div = document.createElement("div");
  div.className = "msg " + who;
  if (dir) div.dir = dir;
  log.appendChild(div);
  return div;
}

function appendSafe(target, html) {
  const doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) { to.appendChild(document.createTextNode(node.textContent)); continue; }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = node.tagName.toLowerCase();
      let el = null;
      if (tag === "b" || tag === "i") el = document.createElement(tag);
      if (tag === "a" && /^https?:\/\//.test(node.getAttribute("href") || "")) {
        el = document.createElement("a");
        el.href = node.getAttribute("href");
        el.rel = "noopener noreferrer";
        el.target = "_blank";
      }
      if (el) { copy(node, el); to.appendChild(el); } else { copy(node, to); }
    }
  };
  copy(doc.body, target);
}

function addButtons(div, rows, dir) {
  const box = document.createElement("div");
  box.className = "buttons";
  if (dir) box.dir = dir;
  for (const row of rows) {
    const line = document.createElement("div");
    line.className = "row";
    for (const b of row) {
      const btn = document.createElement("button");
      btn.type = "button"; btn.textContent = b.title;
      btn.onclick = () => send(b.payload, b.title);
      line.appendChild(btn);
    }
    box.appendChild(line);
  }
  div.appendChild(box);
}

async function send(text, shown) {
  const mine = add("user");
  mine.textContent = shown || text;
  const preview = Boolean(previewBox && previewBox.checked);
  const headers = {"Content-Type": "application/json"};
  if (preview && csrf) headers["X-CSRF-Token"] = csrf.content;
  const res = await fetch("/chat/message", {
    method: "POST", headers, credentials: "same-origin",
    body: JSON.stringify({text, language: document.getElementById("lang").value || null, preview}),
  });
  if (res.status === 403) { add("bot").textContent = log.dataset.loginAgain; return; }
  if (!res.ok) { add("bot").textContent = log.dataset.unreachable; return; }
  const screen = await res.json();
  const dir = screen.rtl ? "rtl" : "ltr";
  let last = null;
  let place = null;
  for (const m of screen.messages) {
    if (m.kind === "text") {
      last = add("bot", dir);
      last.lang = screen.language;
      appendSafe(last, m.html);
      if (m.buttons && m.buttons.length) addButtons(last, m.buttons, dir);
    } else if (m.kind === "language_picker") {
      last = add("bot", "ltr");
      addButtons(last, m.buttons, "ltr");
    } else if (m.kind === "request_location") {
      place = m.title;
    }
  }
  // "Where?" says "share your location with the button", as on Telegram: the button under it
  if (place && last && navigator.geolocation && window.isSecureContext) addLocationButton(last, place, dir);
  if (last) last.scrollIntoView();
}

// The position is rounded here, to two decimals (about a kilometre), as the Telegram adapter rounds a
// shared location: the precise one never leaves the device.
function addLocationButton(div, title, dir) {
  const btn = document.createElement("button");
  btn.type = "button"; btn.textContent = "📍 " + title;
  btn.onclick = () => navigator.geolocation.getCurrentPosition(
    pos => {
      const lat = pos.coords.latitude.toFixed(2), lon = pos.coords.longitude.toFixed(2);
      send(`/inform_location{"lat":${lat},"lon":${lon}}`, btn.textContent);
    },
    () => { btn.disabled = true; document.getElementById("text").focus(); },
    {maximumAge: 600000, timeout: 20000},
  );
  if (!div.querySelector(".buttons")) addButtons(div, [], dir);
  const row = document.createElement("div");
  row.className = "row";
  row.appendChild(btn);
  div.querySelector(".buttons").prepend(row);
}

document.getElementById("form").addEventListener("submit", e => {
  e.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  input.value = "";
  if (text) send(text);
});
