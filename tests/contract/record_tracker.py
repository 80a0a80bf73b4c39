"""Record a real Rasa tracker for the pages' tests (tests/api/web/test_web_tracker.py).

The pages read Rasa's tracker over its HTTP API; their tests read this recording of a real one
(a carer part-way through, mid-form), so a renamed slot or form fails there. Run it again after
a change to the domain, from the repository root, once the model is trained:

    .venv-api/bin/python -m tests.contract.record_tracker
"""

from __future__ import annotations

import json
import tempfile
import urllib.request
from pathlib import Path

from scripts.conversation import Conversation
from scripts.stack import private_stack

RECORDED = Path(__file__).resolve().parent / "carer_tracker.json"
# A carer's words, from the welcome to the middle of "what matters to me".
MESSAGES = [
    "hello",
    "/carer",
    "My mum, Jean 🌻 she's 84",
    "meals, pills, {everything} really & up at night",
    "I'm shattered, I've cut my hours to 0[ nothing",
    "Her garden. Though she'd say the telly!",
    "it's where she's herself",
    "A night's sleep",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        stack = private_stack(Path(data))
        try:
            stack.start_all()
            # A fixed sender: the recording is the same shape every time.
            conversation = Conversation(stack.rasa_url, "recorded-carer")
            for message in MESSAGES:
                conversation.answer(message)
            url = (
                f"{stack.rasa_url}/conversations/{conversation.sender}/tracker"
                f"?token={stack.env['RASA_API_TOKEN']}"
            )
            with urllib.request.urlopen(url, timeout=30) as response:
                tracker = json.load(response)
        finally:
            stack.stop_all()
    RECORDED.write_text(json.dumps(tracker, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
