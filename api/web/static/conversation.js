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
    if (turn.speaker === "assistant") assistantText(text, turn.text);
    else text.textContent = turn.text;
    item.append(who, text);
    const code = turn.speaker === "assistant" ? CODE.exec(turn.text) : null;
    if (code) item.append(codeToKeep(code[0]));
    log.append(item);
    // For Listen and Easy Read (listen.js, easy_read.js): each message as it is shown.
    document.dispatchEvent(new CustomEvent("wm:turn", { detail: { item: item, turn: turn } }));
    return item;
  }

  // The helplines the safety messages give (domain/safety.yml), to call with one tap. Only the
  // assistant's own messages are searched, and each link is built as an element with its
  // number as text: nothing is ever parsed as HTML.
  const PHONE = /\b(0800 83 85 87|0800 027 1234|116 123|999|111|101)\b/g;
  // A resume code as the assistant gives it (contract/formats.py).
  const CODE = /\b[A-HJ-NP-Z2-9]{4}(?:-[A-HJ-NP-Z2-9]{4}){3}\b/;

  function assistantText(element, text) {
    let at = 0;
    for (const match of text.matchAll(PHONE)) {
      element.append(document.createTextNode(text.slice(at, match.index)));
      const link = document.createElement("a");
      link.href = "tel:" + match[0].replace(/ /g, "");
      link.textContent = match[0];
      element.append(link);
      at = match.index + match[0].length;
    }
    element.append(document.createTextNode(text.slice(at)));
  }

  // The code to carry on elsewhere, large and spaced, to copy down or print.
  function codeToKeep(code) {
    const box = document.createElement("div");
    box.className = "wm-code-box";
    const label = document.createElement("p");
    label.className = "wm-code-label";
    label.textContent = "Your code. Write this down, or print it, and keep it safe:";
    const shown = document.createElement("p");
    shown.className = "wm-code";
    shown.textContent = code;
    const print = document.createElement("button");
    print.type = "button";
    print.className = "ds_button ds_button--secondary ds_button--small wm-code-print";
    print.textContent = "Print my code";
    print.addEventListener("click", () => window.print());
    box.append(label, shown, print);
    return box;
  }

  // A reply offering these sends the plan: focus goes to the start of the reply (the plan so
  // far, or the question "Send your plan ... now?"), never to a button one more Enter would press.
  const SENDS_THE_PLAN = new Set(["/send_plan"]);

  function choiceButtons(buttons) {
    const group = [];
    for (const button of buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "ds_button ds_button--secondary wm-choice";
      element.textContent = button.title;
      element.addEventListener("click", () => send(button.payload, button.title));
      group.push(element);
      document.dispatchEvent(new CustomEvent("wm:choice", { detail: { element: element, button: button } }));
    }
    return group;
  }

  function showChoices(buttons) {
    choices.replaceChildren(...choiceButtons(buttons));
  }

  // Bring `element` fully into view, below anything fixed at the top, without smooth scrolling
  // (which left focus 30-200px below the screen when the next turn arrived).
  function reveal(element, block) {
    element.scrollIntoView({ block: block, behavior: "instant" });
  }

  function fullyInView(element) {
    const box = element.getBoundingClientRect();
    const top = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    return box.top >= top && box.bottom <= window.innerHeight;
  }

  // Focus `target` and show it with what belongs to it (all the choices, or the answer box
  // with its label and Send button), the focused element itself whatever happens.
  function focusInView(target, around) {
    target.focus({ preventScroll: true });
    reveal(around || target, "end");
    if (!fullyInView(target)) reveal(target, "center");
  }

  function show(turns) {
    // Choices offered earlier are over: only the newest reply's buttons can be pressed.
    for (const old of log.querySelectorAll(".wm-turn__choices")) old.remove();
    const items = [];
    for (const turn of turns) {
      if (turn.text) items.push([turn, addTurn(turn)]);
    }
    // The newest reply: the assistant's messages after the person's last one. Every message in
    // it keeps its own buttons (a safety choice before a question is never thrown away); the
    // last message's are the choices below the conversation.
    let start = items.length;
    while (start > 0 && items[start - 1][0].speaker === "assistant") start -= 1;
    const reply = items.slice(start);
    const last = reply.length ? reply[reply.length - 1][0] : null;
    let firstInline = null;
    let sendsThePlan = false;
    for (const [turn, item] of reply) {
      const buttons = turn.buttons || [];
      if (buttons.some((b) => SENDS_THE_PLAN.has(b.payload))) sendsThePlan = true;
      if (turn === last || !buttons.length) continue;
      const group = document.createElement("div");
      group.className = "ds_button-group wm-turn__choices";
      group.append(...choiceButtons(buttons));
      item.append(group);
      firstInline = firstInline || group.querySelector("button");
    }
    showChoices(last ? last.buttons || [] : []);
    if (sendsThePlan && reply.length) {
      const opening = reply[0][1];
      opening.tabIndex = -1;
      opening.focus({ preventScroll: true });
      reveal(opening, "start");
      return;
    }
    // Keyboard users land on the first choice there is, else back in the answer box.
    if (firstInline) focusInView(firstInline, firstInline.parentElement);
    else if (choices.querySelector("button")) focusInView(choices.querySelector("button"), choices);
    else focusInView(input, form);
  }

  // A message that gets no answer (the server restarting, say) is sent again, with the same
  // key, for about half a minute: the API takes it once however often it comes
  // (api/web/relay.py), so nothing is lost and nothing is said twice.
  const KEEP_TRYING_MS = 30000;
  const NO_ANSWER = [502, 503, 504];

  function messageKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function post(message) {
    const key = messageKey();
    const started = Date.now();
    for (let wait = 1000, again = false; ; wait = Math.min(wait * 2, 8000), again = true) {
      let response = null;
      try {
        response = await fetch("/conversation/messages", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(Object.assign({ key: key, again: again }, message)),
        });
      } catch (error) {
        response = null; // no answer at all
      }
      if (response && !NO_ANSWER.includes(response.status)) return response;
      if (Date.now() - started + wait > KEEP_TRYING_MS) throw new Error("no answer");
      statusLine.textContent = "Still trying to reach the assistant…";
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async function send(text, shown, role) {
    if (busy || !text.trim()) return;
    busy = true;
    showChat();
    statusLine.textContent = "Sending…";
    addTurn({ speaker: "person", text: shown === undefined ? text : shown });
    choices.replaceChildren();
    try {
      const response = await post(role ? { text: text, role: role } : { text: text });
      if (response.status === 429) {
        // Too many tries with a resume code from here: say how long to wait, kindly.
        const minutes = Math.max(1, Math.ceil(Number(response.headers.get("Retry-After") || 60) / 60));
        statusLine.textContent =
          "That is a lot of tries with a code. To keep conversations safe, please wait " +
          minutes + (minutes === 1 ? " minute" : " minutes") + " and try again.";
        focusInView(input, form);
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      statusLine.textContent = "";
      progress.textContent = body.progress || "";
      show(body.turns);
      document.dispatchEvent(new CustomEvent("wm:state", { detail: { source: "message", body: body } }));
    } catch (error) {
      // What they typed goes back in the box, so nothing has to be typed twice.
      const typed = shown === undefined && !input.value;
      if (typed) input.value = text;
      statusLine.textContent =
        "Sorry, that did not reach the assistant. Your earlier answers are saved. " +
        (typed ? "What you wrote is back in the box: please try again." : "Please try again.");
      focusInView(input, form);
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
  // A code is tried here, on its code box: only a code that works opens the conversation; a
  // wrong one leaves the person on the box, with what went wrong said beside it. Two boxes: a
  // resume code (carry on a conversation) and a review code (look again at a plan sent before).
  function codeBox(name, prefix, errors) {
    const box = document.getElementById(name + "-code");
    const error = document.getElementById(name + "-error");

    function failed(message) {
      error.textContent = message;
      error.hidden = false;
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", name + "-error " + name + "-hint");
      document.getElementById(name + "-question").classList.add("ds_question--error");
      box.classList.add("ds_input--error");
      focusInView(box, box.parentElement);
    }

    document.getElementById(name + "-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const code = box.value.trim();
      if (!code) {
        failed("Please type your code.");
        return;
      }
      if (busy) return;
      busy = true;
      try {
        const response = await fetch("/conversation/messages", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ text: prefix + code }),
        });
        if (response.status === 429) {
          const minutes = Math.max(1, Math.ceil(Number(response.headers.get("Retry-After") || 60) / 60));
          failed(
            "That is a lot of tries with a code. To keep conversations safe, please wait " +
            minutes + (minutes === 1 ? " minute" : " minutes") + " and try again.");
          return;
        }
        if (!response.ok) throw new Error(String(response.status));
        const body = await response.json();
        // The assistant says which way it went (the responses' `custom`, in domain/).
        const refused = body.turns.find((t) => t.custom && (t.custom.resume || t.custom.review));
        if (refused) {
          // Rasa sends a response's words and its `custom` as two turns: say the words.
          const said = body.turns.map((t) => t.text).filter(Boolean).join(" ");
          failed(errors[refused.custom.review || refused.custom.resume] || said || errors.not_found);
          return;
        }
        error.hidden = true;
        showChat();
        progress.textContent = body.progress || "";
        show(body.turns);
      } catch (error) {
        failed("Sorry, that did not reach the assistant. Please try again.");
      } finally {
        busy = false;
      }
    });
  }

  codeBox("resume", "resume ", {
    not_found: "We couldn't find a conversation with that code. Please check it and try again.",
    spent:
      "That code has already been used, or is more than 30 days old: each code works once. " +
      "If you stopped on another phone or computer, carry on there and choose “Stop for now” " +
      "to get a new code.",
  });
  // The assistant's own words say why a review code did not work (domain/plan_review.yml).
  codeBox("review", "review ", {});

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
