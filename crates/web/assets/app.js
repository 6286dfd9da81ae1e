// Samspill live updates: one EventSource per signed-in page. The server
// decides what this person may see; this script only places what arrives:
// a new post at the top of the feed, a new comment under the post being
// read, and the unread count of notifications. Fragments are fetched as
// server-rendered, sanitized HTML.
(function () {
  "use strict";
  if (!document.getElementById("unread-count") || !window.EventSource) {
    return;
  }
  var status = document.getElementById("live-status");
  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }
  function fragment(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.text() : null;
    });
  }
  var stream = null;
  // Connect after the page has loaded, so the long-lived request never
  // counts as part of loading the page.
  window.addEventListener("load", function () {
    setTimeout(connect, 0);
  });
  // A page kept in the back/forward cache must not keep its stream open:
  // over HTTP/1.1 a browser has six connections per server, and cached pages
  // holding them stall every further page load.
  window.addEventListener("pagehide", function () {
    if (stream) {
      stream.close();
      stream = null;
    }
  });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted && !stream) {
      connect();
    }
  });
  function connect() {
  stream = new EventSource("/api/v1/stream");
  stream.addEventListener("ready", function () {
    document.documentElement.dataset.live = "ready";
  });
  stream.addEventListener("post_created", function (e) {
    var feed = document.querySelector('[data-live="feed"]');
    var post = JSON.parse(e.data);
    if (!feed || document.getElementById("post-" + post.id)) {
      return;
    }
    fragment("/posts/" + post.id + "/card").then(function (html) {
      if (!html || document.getElementById("post-" + post.id)) {
        return;
      }
      var empty = document.getElementById("feed-empty");
      if (empty) {
        empty.remove();
      }
      feed.insertAdjacentHTML("afterbegin", html);
      var label = status ? status.dataset.label : "New";
      announce(label + ": " + (post.title || post.author.name));
    });
  });
  stream.addEventListener("comment_created", function (e) {
    var data = JSON.parse(e.data);
    var list = document.getElementById("comment-list");
    if (!list || list.dataset.postId !== data.post_id || document.getElementById("comment-" + data.comment.id)) {
      return;
    }
    fragment("/comments/" + data.comment.id + "/fragment").then(function (html) {
      if (!html || document.getElementById("comment-" + data.comment.id)) {
        return;
      }
      var none = document.getElementById("no-comments");
      if (none) {
        none.remove();
      }
      list.insertAdjacentHTML("beforeend", html);
    });
  });
  stream.addEventListener("notification", function (e) {
    var data = JSON.parse(e.data);
    var badge = document.getElementById("unread-count");
    badge.textContent = String(data.unread);
    badge.classList.toggle("empty", data.unread === 0);
    var label = status ? status.dataset.label : "New";
    announce(label + ": " + (data.notification.actor ? data.notification.actor.name : ""));
  });
  stream.addEventListener("resync", function () {
    announce("");
  });
  }

  // @mention autocomplete in every textarea marked data-mentions: after
  // "@" and two characters, suggest people from the directory.
  function mentionBox(area) {
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.id = area.id + "-mentions";
    list.hidden = true;
    area.setAttribute("aria-controls", list.id);
    area.setAttribute("aria-autocomplete", "list");
    area.insertAdjacentElement("afterend", list);
    var timer = null;
    function word() {
      var before = area.value.slice(0, area.selectionStart);
      var m = /(^|[^\w@])@([a-z0-9._-]{2,32})$/i.exec(before);
      return m ? m[2] : null;
    }
    function pick(handle) {
      var pos = area.selectionStart;
      var before = area.value.slice(0, pos).replace(/@[a-z0-9._-]*$/i, "@" + handle + " ");
      area.value = before + area.value.slice(pos);
      area.selectionStart = area.selectionEnd = before.length;
      list.hidden = true;
      area.focus();
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      var w = word();
      if (!w) {
        list.hidden = true;
        return;
      }
      timer = setTimeout(function () {
        fetch("/api/v1/people?limit=5&q=" + encodeURIComponent(w), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { people: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.people.forEach(function (p) {
              var li = document.createElement("li");
              li.setAttribute("role", "option");
              var b = document.createElement("button");
              b.type = "button";
              b.textContent = p.name + " @" + p.handle;
              b.addEventListener("click", function () { pick(p.handle); });
              li.appendChild(b);
              list.appendChild(li);
            });
            list.hidden = data.people.length === 0;
          });
      }, 150);
    });
  }
  document.querySelectorAll("textarea[data-mentions]").forEach(mentionBox);
})();

// Copy buttons (the reply token of anonymous feedback): hidden without
// JavaScript, where the field itself can be selected and copied.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () {
          button.textContent = label;
        }, 2000);
      });
    });
  });
})();
