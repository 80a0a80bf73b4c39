// The conversation page. Every text, the person's and the assistant's, is set with
// textContent: what someone typed is shown exactly as typed and never runs as HTML.
"use strict";

(function () {
  const notice = document.getElementById("notice");
  const chat = document.getElementById("chat");
  const log = document.getElementById("log");
  const choices = document.getElementById("choices");
  const form = document.getElementById("message-form");
  const input = document.getElementById("message");
  const statusLine = document.getElementById("status");
  const progress = document.getElementById("progress");
  let busy = false;

  function showChat() {
    notice.hidden = true;
    chat.hidden = false;
  }

  function addTurn(turn) {
    const item = document.createElement("li");
    item.className = "wm-turn wm-turn--" + turn.speaker;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = turn.speaker === "person" ? "You said: " : "What Matters said: ";
    const text = document.createElement("p");
    text.className = "wm-turn__text";
    text.textContent = turn.text;
    item.append(who, text);
    log.append(item);
    // For Listen and Easy Read (listen.js, easy_read.js): each message as it is shown.
    document.dispatchEvent(new CustomEvent("wm:turn", { detail: { item: item, turn: turn } }));
  }

  function showChoices(buttons) {
    choices.replaceChildren();
    for (const button of buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "ds_button ds_button--secondary wm-choice";
      element.textContent = button.title;
      element.addEventListener("click", () => send(button.payload, button.title));
      choices.append(element);
      document.dispatchEvent(new CustomEvent("wm:choice", { detail: { element: element, button: button } }));
    }
  }

  function show(turns) {
    for (const turn of turns) {
      if (turn.text) addTurn(turn);
    }
    const last = [...turns].reverse().find((t) => t.speaker === "assistant");
    showChoices(last ? last.buttons : []);
    const firstChoice = choices.querySelector("button");
    // Keyboard users land on the choices when there are some, else back in the answer box.
    (firstChoice || input).focus();
    const newest = log.lastElementChild;
    if (newest) newest.scrollIntoView({ block: "nearest" });
  }

  async function send(text, shown, role) {
    if (busy || !text.trim()) return;
    busy = true;
    showChat();
    statusLine.textContent = "Sending…";
    addTurn({ speaker: "person", text: shown === undefined ? text : shown });
    choices.replaceChildren();
    try {
      const response = await fetch("/conversation/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(role ? { text: text, role: role } : { text: text }),
      });
      if (response.status === 429) {
        // Too many tries with a resume code from here: say how long to wait, kindly.
        const minutes = Math.max(1, Math.ceil(Number(response.headers.get("Retry-After") || 60) / 60));
        statusLine.textContent =
          "That is a lot of tries with a code. To keep conversations safe, please wait " +
          minutes + (minutes === 1 ? " minute" : " minutes") + " and try again.";
        input.focus();
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      statusLine.textContent = "";
      progress.textContent = body.progress || "";
      show(body.turns);
      document.dispatchEvent(new CustomEvent("wm:state", { detail: { source: "message", body: body } }));
    } catch (error) {
      statusLine.textContent =
        "Sorry, that did not reach the assistant. Your earlier answers are saved. Please try again.";
      input.focus();
    } finally {
      busy = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) {
      statusLine.textContent = "Please type an answer first, or use a button.";
      return;
    }
    input.value = "";
    send(text);
  });
  // Enter sends; Shift+Enter starts a new line.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.getElementById("start-person").addEventListener("click", () =>
    send("/start", "Start, for myself", "person"));
  document.getElementById("start-carer").addEventListener("click", () =>
    send("/start", "Start, as someone who looks after a family member or friend", "carer"));
  document.getElementById("pause").addEventListener("click", () => send("stop for now"));
  document.getElementById("resume-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = document.getElementById("resume-code").value.trim();
    if (code) send("resume " + code);
  });

  (async function restore() {
    try {
      const response = await fetch("/conversation/history");
      if (!response.ok) return;
      const body = await response.json();
      if (body.turns.length) {
        showChat();
        progress.textContent = body.progress || "";
        show(body.turns);
      }
      document.dispatchEvent(new CustomEvent("wm:state", { detail: { source: "history", body: body } }));
    } catch (error) {
      statusLine.textContent = "";
    }
  })();
})();
