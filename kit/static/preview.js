// The preview page: draws the state the server sends (GET /state, then server-sent events from
// /events after every build) and tells the server which output is being looked at (POST /view).
"use strict";
let state = null;
let viewed = null;  // {name, page, pages, v}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function pageUrl(output, page, size) {
  return `/page/${encodeURIComponent(output.name)}/${page}.png?size=${size}&v=${output.v}`;
}

function outputBlock(output) {
  const block = el("div", {class: "output", "data-output": output.name, "data-v": output.v});
  if (viewed && viewed.name === output.name) block.classList.add("viewed");
  block.append(el("h3", {}, output.name + " ", el("small", {text: `${output.description} · ${output.pages} ${output.format === "pdf" ? "pages" : "web pages"}`})));
  if (output.format === "zip") {
    block.append(el("p", {class: "web-links"},
      el("a", {href: `/web/${encodeURIComponent(output.name)}/index.html`, target: "_blank", rel: "noopener", text: "Open the web edition"}),
      el("a", {href: `/file/${encodeURIComponent(output.name)}`, text: "Download the .zip"})));
    return block;
  }
  const strip = el("div", {class: "strip", role: "list", "aria-label": `Pages of ${output.name}`});
  for (let page = 1; page <= output.pages; page++) {
    const button = el("button", {type: "button", role: "listitem", "aria-label": `${output.name}, page ${page}: show large`});
    button.append(el("img", {src: pageUrl(output, page, "thumb"), alt: `${output.name}, page ${page}`, loading: "lazy", "data-page": page}));
    button.addEventListener("click", () => openPage(output, page));
    strip.append(button);
  }
  block.append(strip);
  return block;
}

function draw() {
  document.body.dataset.version = state.version;
  document.getElementById("title").textContent = state.title ? `Preview: ${state.title}` : "kit preview";
  document.title = state.title ? `Preview · ${state.title}` : "kit preview";
  const status = state.building ? "Building…" : (state.built_at ? `Up to date (built ${state.built_at})` : "");
  document.getElementById("status").textContent = state.errors.length ? `${status} · the last save has problems` : status;
  const problems = document.getElementById("problems");
  problems.hidden = state.errors.length === 0;
  document.getElementById("problem-list").textContent = state.errors.join("\n");
  const main = document.getElementById("outputs");
  const sections = [];
  for (const unit of state.units) {
    const section = el("section", {class: "unit", "data-unit": unit.id, "aria-labelledby": `unit-${unit.id}`});
    section.append(el("h2", {id: `unit-${unit.id}`, text: `${unit.number}. ${unit.title}`}));
    unit.outputs.forEach(o => section.append(outputBlock(o)));
    sections.push(section);
  }
  if (state.kit.length) {
    const section = el("section", {class: "unit", "data-unit": "", "aria-labelledby": "whole-kit"});
    section.append(el("h2", {id: "whole-kit", text: "The whole kit"}));
    state.kit.forEach(o => section.append(outputBlock(o)));
    sections.push(section);
  }
  main.replaceChildren(...sections);
  if (viewed) {
    const output = allOutputs().find(o => o.name === viewed.name);
    if (output && output.v !== viewed.v) openPage(output, Math.min(viewed.page, output.pages));
  }
}

function allOutputs() {
  return state ? state.units.flatMap(u => u.outputs).concat(state.kit) : [];
}

function openPage(output, page) {
  viewed = {name: output.name, page, pages: output.pages, v: output.v};
  const image = document.getElementById("viewer-page");
  image.src = pageUrl(output, page, "large");
  image.alt = `${output.name}, page ${page} of ${output.pages}`;
  document.getElementById("viewer-title").textContent = `${output.name} · page ${page} of ${output.pages}`;
  const dialog = document.getElementById("viewer");
  if (!dialog.open) dialog.showModal();
  fetch("/view", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({name: output.name})});
}

function turn(step) {
  const output = allOutputs().find(o => viewed && o.name === viewed.name);
  if (!output) return;
  const page = viewed.page + step;
  if (page >= 1 && page <= output.pages) openPage(output, page);
}

function update(next) {
  if (state && next.version <= state.version) return;
  state = next;
  draw();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("close-viewer").addEventListener("click", () => document.getElementById("viewer").close());
  document.getElementById("previous-page").addEventListener("click", () => turn(-1));
  document.getElementById("next-page").addEventListener("click", () => turn(1));
  document.getElementById("viewer").addEventListener("keydown", event => {
    if (event.key === "ArrowLeft") turn(-1);
    if (event.key === "ArrowRight") turn(1);
  });
  fetch("/state").then(r => r.json()).then(update);
  const events = new EventSource("/events");
  events.addEventListener("state", event => update(JSON.parse(event.data)));
});
