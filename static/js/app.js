/*
 * Craftmarket progressive enhancement. Every page works without this file; with it:
 *  - form[data-autosubmit]: submits when a select, checkbox or radio inside changes (filters). Text inputs still
 *    need Enter or the submit button, so typing never reloads the page.
 *  - form[data-cart-form]: posts with fetch (Accept: application/json) and updates [data-cart-count] from the
 *    JSON answer {"cart_count": n, "message": "..."} (an error status with a JSON "message" is shown in the
 *    form's [data-cart-message]); any other answer falls back to a normal submit.
 *  - form[data-upload-progress]: uploads with XMLHttpRequest and shows progress in the form's <progress>.
 *  - [data-poll-url]: fetches that URL every few seconds and replaces the element with the HTML answer until the
 *    answer no longer carries data-poll-url (e.g. an image's rendition status: pending -> ready or failed).
 *  - [data-confirm]: buttons and links ask before acting; the question is the attribute's (translated) text.
 *  - details[data-open-from="64rem"]: opened while the viewport is at least that wide (the browse filters sit
 *    beside the results on desktop; on phones they stay folded behind their summary, which works without JS).
 * No inline scripts or styles: the CSP allows only 'self' and nonces.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function announce(text) {
    if (!text) return;
    var region = document.getElementById("live-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "live-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function setCartCount(count) {
    document.querySelectorAll("[data-cart-count]").forEach(function (badge) {
      var label = badge.querySelector(".visually-hidden");
      badge.textContent = "";
      if (label) badge.appendChild(label);
      badge.appendChild(document.createTextNode(String(count)));
      badge.hidden = !count;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.form;
    if (!form || !form.hasAttribute("data-autosubmit")) return;
    if (target.matches("select, input[type=checkbox], input[type=radio]")) {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-cart-form") && window.fetch) {
      event.preventDefault();
      var button = form.querySelector("[type=submit]");
      if (button) button.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json", "X-Requested-With": "fetch", "X-CSRFToken": csrfToken(form) },
        credentials: "same-origin"
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) throw new Error("fallback");
        return response.json().then(function (data) {
          if (!response.ok && !data.message) throw new Error("fallback");
          return { ok: response.ok, data: data };
        });
      }).then(function (answer) {
        var data = answer.data;
        if (typeof data.cart_count === "number") setCartCount(data.cart_count);
        var text = data.message || (answer.ok ? form.getAttribute("data-added-text") : "");
        var box = form.querySelector("[data-cart-message]");
        if (box) {
          box.textContent = text;
          box.className = "cart-message " + (answer.ok ? "message-success" : "message-error");
        } else {
          announce(text);
        }
        if (button) button.removeAttribute("aria-busy");
      }).catch(function () {
        form.removeAttribute("data-cart-form");
        form.submit();
      });
      return;
    }
    if (form.hasAttribute("data-upload-progress") && window.XMLHttpRequest && window.FormData) {
      var bar = form.querySelector("progress");
      if (!bar) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("X-CSRFToken", csrfToken(form));
      bar.hidden = false;
      bar.value = 0;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.responseURL !== window.location.href && xhr.status < 400) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open();
          document.write(xhr.responseText);
          document.close();
        }
      });
      xhr.addEventListener("error", function () { form.removeAttribute("data-upload-progress"); form.submit(); });
      xhr.send(new FormData(form));
    }
  });

  function poll(el) {
    var url = el.getAttribute("data-poll-url");
    var delay = parseInt(el.getAttribute("data-poll-interval") || "2500", 10);
    window.setTimeout(function () {
      if (!document.body.contains(el)) return;
      fetch(url, { headers: { "Accept": "text/html", "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var next = holder.firstElementChild;
          if (!next) return;
          el.replaceWith(next);
          if (next.hasAttribute("data-poll-url")) poll(next); else announce(next.getAttribute("data-status-text"));
        })
        .catch(function () { poll(el); });
    }, delay);
  }

  function openFromWidth(details) {
    var query = window.matchMedia("(min-width: " + details.getAttribute("data-open-from") + ")");
    function sync() { if (query.matches) details.open = true; }
    sync();
    if (query.addEventListener) query.addEventListener("change", sync);
  }

  function init() {
    document.querySelectorAll("[data-poll-url]").forEach(poll);
    document.querySelectorAll("details[data-open-from]").forEach(openFromWidth);
    // The header's currency chooser submits on change; its button stays for browsers without JavaScript.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
