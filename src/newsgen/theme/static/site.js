/* newsgen: small enhancements every page reads fine without.
   - the rubric bar scrolls sideways to show the current rubric;
   - pages that do not show them themselves show the "Tin nóng" bar and (at >= 64rem) the
     right column from one small generated file (data-side on .side-slot), so that a new
     story does not change every page; a breaking story past its time is never shown;
   - "Chép liên kết" copies the page's address. No third-party code, no tracking. */
(function () {
  "use strict";

  function showCurrentRubric() {
    var list = document.querySelector(".site-nav ul");
    var current = list && list.querySelector('[aria-current="page"]');
    if (!current || list.scrollWidth <= list.clientWidth) return;
    var item = current.parentNode;
    var left = item.offsetLeft - list.offsetLeft;
    if (left + item.offsetWidth > list.clientWidth) {
      list.scrollLeft = left - (list.clientWidth - item.offsetWidth) / 2;
    }
  }

  function dropExpired(root) {
    var now = Date.now();
    root.querySelectorAll(".breaking li[data-until]").forEach(function (li) {
      var until = Date.parse(li.getAttribute("data-until"));
      if (!isNaN(until) && until <= now) li.remove();
    });
    root.querySelectorAll(".breaking").forEach(function (bar) {
      if (!bar.querySelector("li")) bar.remove();
    });
  }

  function fragment(html, base) {
    var template = document.createElement("template");
    template.innerHTML = html;
    // links in the file are written from the site's root: resolve them against its address
    template.content.querySelectorAll("a[href]").forEach(function (a) {
      a.href = new URL(a.getAttribute("href"), base).href;
    });
    return template.content;
  }

  function loadSide() {
    var slot = document.querySelector(".side-slot[data-side]");
    if (!slot || !window.fetch) return;
    var address = new URL(slot.getAttribute("data-side"), document.baseURI).href;
    fetch(address, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.side && window.matchMedia("(min-width: 64rem)").matches) {
          slot.appendChild(fragment(data.side, address));
        }
        if (data.breaking) {
          var bar = fragment(data.breaking, address);
          var aside = bar.querySelector(".breaking");
          if (aside) {
            aside.classList.add("floating");
            document.body.appendChild(bar);
            dropExpired(document);
            if (document.querySelector(".breaking.floating")) document.body.classList.add("has-floating-bar");
          }
        }
      })
      .catch(function () { /* the page reads fine without it */ });
  }

  function copyLinks() {
    document.querySelectorAll("a.share-copy").forEach(function (a) {
      a.addEventListener("click", function (event) {
        if (!navigator.clipboard) return; // the link itself is the address
        event.preventDefault();
        navigator.clipboard.writeText(a.href).then(function () {
          var status = a.parentNode.querySelector(".share-status");
          if (!status) {
            status = document.createElement("span");
            status.className = "share-status";
            status.setAttribute("role", "status");
            a.parentNode.appendChild(status);
          }
          status.textContent = " " + a.getAttribute("data-copied");
        });
      });
    });
  }

  function start() {
    showCurrentRubric();
    dropExpired(document);
    loadSide();
    copyLinks();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
