// Easy Read: the same conversation in short sentences with a picture beside each question and
// each button, in larger text. The choice is kept in a cookie that the API passes to the
// assistant with each message (as message metadata), and the assistant keeps it for the
// conversation, so it is there again after a reload or a resume code.
"use strict";

(function () {
  const toggle = document.getElementById("easy-read");
  const statusLine = document.getElementById("status");
  if (!toggle) return;
  const COOKIE = "wm_easy_read";
  // Pictures for the welcome page's own buttons (OpenMoji, like the rest).
  const START_PICTURES = { "start-person": "1F64B", "start-carer": "1FAC2" };

  function setCookie(on) {
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=" + 60 * 24 * 3600 +
      "; SameSite=Strict";
  }

  function picture(src, alt, className) {
    const image = document.createElement("img");
    image.src = src;
    image.alt = alt;
    image.className = className;
    image.width = 48;
    image.height = 48;
    return image;
  }

  // Pictures are drawn only in Easy Read: each message and button keeps its picture's address
  // (data-picture) so that switching on mid-conversation shows them on what is already there.
  function drawPictures(on) {
    for (const old of document.querySelectorAll("#log .wm-picture, #choices .wm-picture, .wm-start .wm-picture")) {
      old.remove();
    }
    if (!on) return;
    for (const element of document.querySelectorAll("[data-picture]")) {
      const button = element.tagName === "BUTTON";
      // In a button the picture is decorative: the button's words say what it does.
      element.prepend(picture(element.dataset.picture, button ? "" : element.dataset.pictureAlt,
        button ? "wm-picture wm-picture--button" : "wm-picture"));
    }
  }

  function apply(on) {
    toggle.checked = on;
    document.body.classList.toggle("wm-easy-read", on);
    drawPictures(on);
  }

  function choose(on) {
    setCookie(on);
    apply(on);
  }

  for (const [id, code] of Object.entries(START_PICTURES)) {
    const button = document.getElementById(id);
    if (button) {
      button.dataset.picture = "/static/pictures/" + code + ".svg";
      button.classList.add("wm-start");
    }
  }
  apply(document.cookie.split("; ").indexOf(COOKIE + "=1") !== -1);
  toggle.addEventListener("change", () => choose(toggle.checked));

  // "easy read" or "easy read off", typed: a setting of the page, never an answer. Caught
  // before conversation.js sends it.
  document.addEventListener("submit", (event) => {
    const input = document.getElementById("message");
    if (!input || event.target.id !== "message-form") return;
    const said = input.value.trim().toLowerCase().replace(/[.!]+$/, "");
    const on = said === "easy read" || said === "easy read on";
    const off = said === "easy read off" || said === "plain english";
    if (!on && !off) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    input.value = "";
    choose(on);
    statusLine.textContent = on
      ? "Easy Read is on. The next messages will be in Easy Read."
      : "Easy Read is off.";
  }, true);

  document.addEventListener("wm:turn", (event) => {
    const turn = event.detail.turn;
    if (turn.speaker !== "assistant" || !turn.picture) return;
    // The picture stands for what the message is about, so it has alt text.
    const item = event.detail.item;
    item.dataset.picture = turn.picture.src;
    item.dataset.pictureAlt = turn.picture.alt;
    item.classList.add("wm-turn--pictured");
    if (toggle.checked) item.prepend(picture(turn.picture.src, turn.picture.alt, "wm-picture"));
  });

  document.addEventListener("wm:choice", (event) => {
    const button = event.detail.button;
    if (!button.picture) return;
    event.detail.element.dataset.picture = button.picture;
    if (toggle.checked) {
      event.detail.element.prepend(picture(button.picture, "", "wm-picture wm-picture--button"));
    }
  });

  // The conversation remembers the choice: after a reload or a resume code it wins.
  document.addEventListener("wm:state", (event) => {
    const remembered = event.detail.body.easy_read;
    if ((remembered === true || remembered === false) && remembered !== toggle.checked) {
      choose(remembered);
    }
  });
})();
