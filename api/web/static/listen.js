// Read aloud: a "Listen" button on each of the assistant's messages, and, if the person asks,
// every new message read out as it arrives. The speech is made on our own server
// (/conversation/speech/<key>, espeak-ng): nothing goes to another company.
"use strict";

(function () {
  const player = document.getElementById("listen-player");
  const playerStatus = document.getElementById("listen-status");
  const pauseButton = document.getElementById("listen-pause");
  const stopButton = document.getElementById("listen-stop");
  const autoRead = document.getElementById("read-aloud");
  if (!player || !autoRead) return;
  const AUTO_COOKIE = "wm_read_aloud";
  const audio = new Audio();
  let queue = [];
  let waiting = [];

  function setCookie(name, on) {
    document.cookie = name + "=" + (on ? "1" : "0") + "; path=/; max-age=" + 60 * 24 * 3600 +
      "; SameSite=Strict";
  }
  function cookieIs(name, value) {
    return document.cookie.split("; ").indexOf(name + "=" + value) !== -1;
  }

  function showPlayer(text) {
    player.hidden = false;
    playerStatus.textContent = text;
  }

  function playNext() {
    const next = queue.shift();
    if (!next) {
      player.hidden = true;
      playerStatus.textContent = "";
      return;
    }
    audio.src = next;
    pauseButton.textContent = "Pause";
    showPlayer("Reading aloud…");
    audio.play().catch(() => showPlayer("Press Listen to hear the message."));
  }

  function listen(urls) {
    audio.pause();
    queue = urls.slice();
    playNext();
  }

  function stop() {
    queue = [];
    audio.pause();
    audio.removeAttribute("src");
    player.hidden = true;
    playerStatus.textContent = "";
  }

  audio.addEventListener("ended", playNext);
  audio.addEventListener("error", () => {
    if (!audio.getAttribute("src")) return;
    queue = [];
    showPlayer("Sorry, reading aloud is not working just now.");
  });
  pauseButton.addEventListener("click", () => {
    if (audio.paused) {
      audio.play();
      pauseButton.textContent = "Pause";
      playerStatus.textContent = "Reading aloud…";
    } else {
      audio.pause();
      pauseButton.textContent = "Carry on reading";
      playerStatus.textContent = "Paused.";
    }
  });
  stopButton.addEventListener("click", stop);

  autoRead.checked = cookieIs(AUTO_COOKIE, "1");
  autoRead.addEventListener("change", () => {
    setCookie(AUTO_COOKIE, autoRead.checked);
    if (!autoRead.checked) stop();
  });

  document.addEventListener("wm:turn", (event) => {
    const turn = event.detail.turn;
    if (turn.speaker !== "assistant" || !turn.speech) return;
    const url = "/conversation/speech/" + turn.speech;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ds_button ds_button--secondary ds_button--small wm-listen";
    button.textContent = "Listen";
    const label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = " to this message";
    button.append(label);
    button.addEventListener("click", () => listen([url]));
    event.detail.item.append(button);
    waiting.push(url);
  });

  // A message's replies have all been shown: read them out, in order, if asked to. The
  // conversation shown again after a reload is not read out.
  document.addEventListener("wm:state", (event) => {
    const fresh = waiting;
    waiting = [];
    if (event.detail.source === "message" && autoRead.checked && fresh.length) listen(fresh);
  });
})();
