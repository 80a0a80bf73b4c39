// "Listen to my plan": the person's own plan read back to them, made on our own server from
// their own conversation (/conversation/plan/speech) and never kept. The audio's own controls
// pause and stop it.
"use strict";

(function () {
  const button = document.getElementById("listen-plan");
  const audio = document.getElementById("plan-audio");
  if (!button || !audio) return;
  button.addEventListener("click", () => {
    audio.hidden = false;
    if (!audio.getAttribute("src")) audio.src = "/conversation/plan/speech";
    audio.play().catch(() => audio.focus());
  });
})();
