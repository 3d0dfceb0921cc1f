// Keyboard shortcuts for the review UI. Loaded as a file: the CSP forbids inline script.
//   Queue:      j / k move the selection, Enter opens, / focuses search,
//               c r m u open the selected alert at that decision.
//   Alert page: c confirm, r reject, m merge, u undo: each focuses its control (Enter then acts),
//               so a stray key never decides anything on its own; Enter on the reject reason
//               rejects; j / k go to the next pending alert / back to the queue.
(function () {
  "use strict";

  var ACTIONS = { c: "confirm", r: "reject-reason", m: "merge-case", u: "undo" };
  var selected = -1;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-href]"));
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function select(index) {
    var all = rows();
    if (!all.length) return;
    selected = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) {
      row.classList.toggle("selected", i === selected);
      if (i === selected) row.setAttribute("aria-selected", "true");
      else row.removeAttribute("aria-selected");
    });
    var link = all[selected].querySelector("a.open") || all[selected].querySelector("a");
    if (link) link.focus();
    all[selected].scrollIntoView({ block: "nearest" });
  }

  function focusAction(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) {
      if (event.key === "Escape") event.target.blur();
      // A select does not submit its form on Enter; for the reject reason that is the expected action.
      if (event.key === "Enter" && event.target.id === "reject-reason" && event.target.form) {
        event.preventDefault();
        event.target.form.requestSubmit();
      }
      return;
    }
    var all = rows();
    var key = event.key;
    if (key === "/") {
      var search = document.getElementById("search");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    } else if ((key === "j" || key === "k") && !all.length) {
      var link = document.getElementById(key === "j" ? "next-alert" : "back-to-queue");
      if (link) {
        event.preventDefault();
        window.location.assign(link.getAttribute("href"));
      }
    } else if (key === "j" || key === "k") {
      event.preventDefault();
      select(selected < 0 ? 0 : selected + (key === "j" ? 1 : -1));
    } else if (key === "Enter") {
      // A focused link or button already handles Enter itself.
      var active = document.activeElement;
      if (active && /^(A|BUTTON)$/.test(active.tagName)) return;
      if (selected >= 0 && all[selected]) {
        event.preventDefault();
        window.location.assign(all[selected].getAttribute("data-href"));
      }
    } else if (Object.prototype.hasOwnProperty.call(ACTIONS, key)) {
      if (focusAction(ACTIONS[key])) {
        event.preventDefault();
      } else if (selected >= 0 && all[selected]) {
        event.preventDefault();
        window.location.assign(all[selected].getAttribute("data-href") + "#" + ACTIONS[key]);
      }
    }
  });

  // Remember where the user clicked or tabbed in the queue, so j/k continue from there.
  document.addEventListener("focusin", function (event) {
    var row = event.target && event.target.closest ? event.target.closest("tr[data-href]") : null;
    if (!row) return;
    var index = rows().indexOf(row);
    if (index >= 0 && index !== selected) {
      selected = index;
      rows().forEach(function (r, i) { r.classList.toggle("selected", i === selected); });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var id = window.location.hash.replace(/^#/, "");
    for (var k in ACTIONS) {
      if (ACTIONS[k] === id) {
        focusAction(id);
        return;
      }
    }
  });
})();
